//! The plain text of a report as a JobDiva candidate note.

use super::reference::{Reference, Report};

fn relationship(r: &str) -> String {
    match r {
        "direct_report" => "Direct report".into(),
        "" => "Not stated".into(),
        other => {
            let mut c = other.replace('_', " ");
            if let Some(f) = c.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            c
        }
    }
}

/// Readable in JobDiva's Notes: who, how they know the candidate, the score, each Q&A.
/// Answers are untrusted text and stay text (JobDiva shows notes as plain text).
pub fn note_text(candidate_name: &str, job_title: &str, reference: &Reference, report: &Report) -> String {
    let name = format!("{} {}", reference.person.first, reference.person.last).trim().to_string();
    let mut out = format!("RefAssured reference report for {}", if candidate_name.is_empty() { "the candidate" } else { candidate_name });
    if !job_title.is_empty() {
        out += &format!(" ({job_title})");
    }
    out += "\n";
    out += &format!("Reference: {name}");
    let role = [reference.title.as_str(), reference.company.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ");
    if !role.is_empty() {
        out += &format!(" — {role}");
    }
    out += &format!("\nRelationship: {}\n", relationship(&reference.relationship));
    if let Some(s) = report.overall_score {
        out += &format!("Overall score: {}/100\n", super::number::whole(s));
    }
    if let Some(at) = &report.submitted_at {
        out += &format!("Submitted: {at}\n");
    }
    for a in &reference.alerts {
        let level = match a.level {
            super::reference::AlertLevel::Alert => "ALERT",
            _ => "Warning",
        };
        out += &format!("{level}: {}\n", a.message);
    }
    for (i, a) in report.answers.iter().enumerate() {
        out += &format!("\n{}. {}\n", i + 1, a.question.trim());
        if let Some(r) = a.rating {
            out += &format!("   Rating: {}/5\n", super::number::whole(r));
        }
        let answer = a.answer.trim();
        out += &format!("   {}\n", if answer.is_empty() { "(no answer)" } else { answer });
    }
    for_jobdiva(out.trim_end(), NOTE_MAX_CHARS)
}

/// The longest note the tab writes into JobDiva (its limit is not public; a report is far
/// shorter): anything longer is cut, saying so.
pub const NOTE_MAX_CHARS: usize = 20_000;

/// Text the tab writes into JobDiva (notes, names, titles): whether JobDiva shows it as HTML is
/// not public, so markup is neutralised. `<` and `>` become the look-alike `‹` and `›`: the
/// text reads the same to a person and no tag can form. Also cut to `max` characters.
pub fn for_jobdiva(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).map(|c| match c {
        '<' => '‹',
        '>' => '›',
        c => c,
    }).collect();
    if text.chars().nth(max).is_some() {
        out.push_str(" … (cut; the full text is in RefAssured)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::{Alert, AlertLevel, Answer, AtsPush, PersonName};

    fn reference() -> Reference {
        Reference {
            id: 1,
            request_id: 2,
            person: PersonName { first: "Liam".into(), last: "Lee".into(), email: "l@x.co".into(), mobile: String::new() },
            relationship: "direct_report".into(),
            title: "Charge Nurse".into(),
            company: "Mercy".into(),
            status: "completed".into(),
            sent_at: None,
            opened_at: None,
            submitted_at: None,
            reminder_count: 0,
            score: Some(87.0),
            alerts: vec![Alert { level: AlertLevel::Alert, code: "same_ip".into(), message: "Same IP as the candidate.".into() }],
            report_available: true,
            ats_push: AtsPush::default(),
        }
    }

    #[test]
    fn note_reads_well() {
        let report = Report {
            reference_id: 1,
            overall_score: Some(87.4),
            submitted_at: Some("2026-10-31T15:00:00Z".into()),
            answers: vec![
                Answer { question: "Rate reliability.".into(), answer: "Never late <b>ever</b>".into(), rating: Some(4.0) },
                Answer { question: "Rehire?".into(), answer: "  ".into(), rating: None },
            ],
        };
        let text = note_text("Ava Johnson", "ICU Nurse", &reference(), &report);
        assert_eq!(
            text,
            "RefAssured reference report for Ava Johnson (ICU Nurse)\nReference: Liam Lee — Charge Nurse, Mercy\nRelationship: Direct report\n\
             Overall score: 87/100\nSubmitted: 2026-10-31T15:00:00Z\nALERT: Same IP as the candidate.\n\n1. Rate reliability.\n   Rating: 4/5\n   Never late ‹b›ever‹/b›\n\n2. Rehire?\n   (no answer)"
        );
    }

    #[test]
    fn markup_is_neutralised_and_long_text_cut() {
        assert_eq!(for_jobdiva("<img src=x onerror=alert(1)> & <script>", 100), "‹img src=x onerror=alert(1)› & ‹script›");
        let long = for_jobdiva(&"x".repeat(NOTE_MAX_CHARS + 10), NOTE_MAX_CHARS);
        assert!(long.ends_with("(cut; the full text is in RefAssured)") && long.chars().count() < NOTE_MAX_CHARS + 60);
    }
}
