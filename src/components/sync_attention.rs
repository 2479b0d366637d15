use crate::api::refassured::program::{ItemState, SyncItem};
use crate::components::format::error_box;
use crate::components::hooks::{use_action, use_load, Act, Load};
use crate::flows::program::{resolve, Resolution};
use yew::prelude::*;

const WAITING: &[ItemState] = &[ItemState::NeedsPerson, ItemState::NeedsDecision, ItemState::Failed];

/// Referrals the sync could not settle, each with its reason: a write to check in JobDiva, a
/// name-only match to decide, or a refusal the next run retries.
#[function_component(SyncAttention)]
pub fn sync_attention() -> Html {
    let page = use_state(|| 0u64);
    let loaded = use_load(*page, |s, page| async move { s.refassured.sync_items_in(WAITING, page).await });
    let body = match &loaded.state {
        Load::Loading => html! { <p class="muted" role="status" data-state="loading">{ "Loading…" }</p> },
        Load::Failed(e) => error_box(e, Some(loaded.reload.clone())),
        Load::Ready(v, _) if v.0.is_empty() => html! { <p class="muted" data-state="empty">{ "Nothing is waiting: every synced referral is settled." }</p> },
        Load::Ready(v, _) => {
            let (items, total) = &**v;
            let pages = total.div_ceil(100);
            let go = |to: u64| {
                let page = page.clone();
                Callback::from(move |_: MouseEvent| page.set(to))
            };
            html! {
                <div data-state="ready">
                    <p role="status">{ format!("{total} referrals wait for someone.") }</p>
                    <ul class="cards" aria-label="Referrals waiting">
                        { for items.iter().map(|i| html! { <WaitingItem key={i.referral_id} item={i.clone()} on_done={loaded.reload.clone()} /> }) }
                    </ul>
                    if pages > 1 {
                        <nav class="form-actions" aria-label="Pages">
                            <button type="button" class="secondary" disabled={*page == 0} onclick={go(page.saturating_sub(1))}>{ "Previous" }</button>
                            <span class="muted">{ format!("Page {} of {pages}", *page + 1) }</span>
                            <button type="button" class="secondary" disabled={*page + 1 >= pages} onclick={go(*page + 1)}>{ "Next" }</button>
                        </nav>
                    }
                </div>
            }
        }
    };
    html! {
        <section class="panel" id="sync-attention" aria-labelledby="sync-attention-title">
            <h2 id="sync-attention-title">{ "Waiting for a person" }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct WaitingProps {
    item: SyncItem,
    on_done: Callback<()>,
}

#[function_component(WaitingItem)]
fn waiting_item(props: &WaitingProps) -> Html {
    let i = &props.item;
    let (act, settle) = {
        let done = props.on_done.clone();
        use_action(|s, (item, how): (SyncItem, Resolution)| async move { resolve(&s, &item, how).await }, Callback::from(move |_| done.emit(())))
    };
    let button = |label: String, how: Resolution| {
        let (settle, item) = (settle.clone(), i.clone());
        html! { <button type="button" class="secondary" disabled={act.busy()} onclick={move |_| settle.emit((item.clone(), how.clone()))}>{ label }</button> }
    };
    let text = |k: &str| i.detail[k].as_str().unwrap_or("").to_string();
    let headline = match i.state {
        ItemState::NeedsPerson => "Check JobDiva",
        ItemState::NeedsDecision => "Decide",
        _ => "Retried by the next run",
    };
    html! {
        <li class="card" data-testid="waiting-referral">
            <h3>{ format!("{headline}: referral {} · {}", i.referral_id, text("applicant")) }<span class="muted">{ format!(" {}", text("email")) }</span></h3>
            if let Some(reason) = &i.reason { <p>{ reason.clone() }</p> }
            if let Some(id) = &i.jobdiva_id { <p class="muted">{ format!("JobDiva candidate {id}") }</p> }
            <div class="form-actions">
                if i.state == ItemState::NeedsPerson {
                    { button("It is in JobDiva: mark done".into(), Resolution::WasWritten) }
                    { button("It is not there: write it again".into(), Resolution::NotWritten) }
                }
                if i.state == ItemState::NeedsDecision {
                    { for i.detail["evidence"].as_array().into_iter().flatten().filter_map(|e| e["id"].as_u64().map(|id| (id, e["name"].as_str().unwrap_or("").to_string()))).map(|(id, name)| button(format!("Same person as {name} (#{id})"), Resolution::UseExisting(id))) }
                    { button("A different person: create a candidate".into(), Resolution::CreateNew) }
                }
            </div>
            if let Act::Failed(e) = &act { { error_box(e, None) } }
        </li>
    }
}
