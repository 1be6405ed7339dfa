//! Competition ranking ("1224"): the one implementation behind scorecard ranks, oversight's
//! ranked metric scores and composite indicators' ranks. Callers order the units best first
//! by their own comparison (exact decimals, floats, either polarity); this assigns the ranks.

/// Calls `assign(unit, rank)` for each unit of `order` (units sorted best first): a unit's
/// rank is one more than the number ranked strictly better, so tied units (`tie`) share the
/// best rank of their run and the next rank is skipped.
pub(crate) fn competition(order: &[usize], tie: impl Fn(usize, usize) -> bool, mut assign: impl FnMut(usize, usize)) {
    let mut rank = 1;
    for (position, &unit) in order.iter().enumerate() {
        if position > 0 && !tie(order[position - 1], unit) {
            rank = position + 1;
        }
        assign(unit, rank);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ties_share_the_best_rank_and_the_next_is_skipped() {
        let values = [9, 5, 5, 1];
        let mut ranks = [0; 4];
        super::competition(&[0, 1, 2, 3], |a, b| values[a] == values[b], |unit, rank| ranks[unit] = rank);
        assert_eq!(ranks, [1, 2, 2, 4]);
    }
}
