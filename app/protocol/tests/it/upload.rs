//! Attachments in parts: the device's plan covers every byte once, in order; the server's rule
//! takes exactly the part that follows on.

use proptest::prelude::*;
use werkzaam_domain::rules::validate::MAX_ATTACHMENT_BYTES;
use werkzaam_protocol::upload::{judge_part, next_part, PartDecision, PART_BYTES};

proptest! {
    #[test]
    fn sending_parts_from_any_point_covers_the_rest_once_in_order(total in 1..MAX_ATTACHMENT_BYTES, start_pct in 0..100u64) {
        // The server had `start` bytes already (a cut upload): the rest follows from there.
        let start = total * start_pct / 100;
        let mut received = start;
        let mut parts = 0;
        while let Some(range) = next_part(received, total) {
            prop_assert_eq!(range.start, received);
            prop_assert!(range.end - range.start <= PART_BYTES);
            prop_assert_eq!(judge_part(received, range.start, range.end - range.start, total), PartDecision::Append);
            received = range.end;
            parts += 1;
        }
        prop_assert_eq!(received, total);
        prop_assert!(parts <= (total - start).div_ceil(PART_BYTES));
    }

    #[test]
    fn a_part_sent_again_changes_nothing_and_a_part_too_early_names_where_to_go_on(received in 1..1000u64, extra in 1..1000u64) {
        let total = received + extra + 10;
        prop_assert_eq!(judge_part(received, 0, received.min(PART_BYTES), total), PartDecision::AlreadyHave);
        prop_assert_eq!(judge_part(received, received + 1, 5, total), PartDecision::Gap { received });
    }
}

#[test]
fn parts_outside_the_attachment_or_its_limits_are_refused() {
    assert_eq!(
        judge_part(0, 0, 10, MAX_ATTACHMENT_BYTES + 1),
        PartDecision::TooLarge
    );
    assert!(matches!(judge_part(0, 0, 0, 10), PartDecision::Invalid(_)));
    assert!(matches!(judge_part(0, 0, 11, 10), PartDecision::Invalid(_)));
    assert!(matches!(
        judge_part(0, u64::MAX, 2, 10),
        PartDecision::Invalid(_)
    ));
    assert!(matches!(
        judge_part(0, 0, PART_BYTES + 1, 10 * PART_BYTES),
        PartDecision::Invalid(_)
    ));
    assert_eq!(next_part(10, 10), None);
}
