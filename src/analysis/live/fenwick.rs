//! Prefix sums that change one entry at a time (a Fenwick tree): the hybrid cost after each
//! wave is the running sum of the edges' differences, and a moved edge changes two of them.

/// Running sums of a list of values, each changed in O(log n) and summed up to any place in
/// O(log n).
#[derive(Debug, Clone, Default)]
pub(super) struct Fenwick {
    tree: Vec<i64>,
}

impl Fenwick {
    /// The tree of `values`, built in one pass.
    pub fn of(values: &[i64]) -> Fenwick {
        let mut tree = values.to_vec();
        let n = tree.len();
        for i in 0..n {
            let parent = i | (i + 1);
            if parent < n {
                tree[parent] += tree[i];
            }
        }
        Fenwick { tree }
    }

    /// Add `delta` to value `i`.
    pub fn add(&mut self, mut i: usize, delta: i64) {
        while i < self.tree.len() {
            self.tree[i] += delta;
            i |= i + 1;
        }
    }

    /// The sum of values `0..=i`.
    pub fn prefix(&self, i: usize) -> i64 {
        let mut sum = 0;
        let mut end = (i + 1).min(self.tree.len());
        while end > 0 {
            sum += self.tree[end - 1];
            end &= end - 1;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::Fenwick;

    #[test]
    fn prefix_sums_follow_each_change() {
        let mut values = vec![3i64, -1, 4, 1, -5, 9, 2, 6];
        let mut tree = Fenwick::of(&values);
        for step in 0..40usize {
            let i = (step * 7) % values.len();
            let delta = (step as i64 % 5) - 2;
            values[i] += delta;
            tree.add(i, delta);
            for end in 0..values.len() {
                assert_eq!(tree.prefix(end), values[..=end].iter().sum::<i64>());
            }
        }
    }
}
