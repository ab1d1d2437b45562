//! The waves of a cycle group's members, kept sorted: how many members are past a wave (the
//! split points of each member) and whether the movable members are split, without sorting the
//! group again on every move. A move changes the split of the members between its two waves
//! only.

/// The members of one cycle group by wave.
#[derive(Debug, Clone, Default)]
pub(super) struct GroupRanks {
    /// (rank, app) of every member, sorted.
    members: Vec<(u32, u32)>,
    /// Ranks of the movable members, sorted.
    movable: Vec<u32>,
}

impl GroupRanks {
    /// The group of `members` (with their ranks and whether each can move).
    pub fn of(members: impl Iterator<Item = (u32, u32, bool)>) -> GroupRanks {
        let mut g = GroupRanks::default();
        for (rank, app, movable) in members {
            g.members.push((rank, app));
            if movable {
                g.movable.push(rank);
            }
        }
        g.members.sort_unstable();
        g.movable.sort_unstable();
        g
    }

    pub fn insert(&mut self, rank: u32, app: u32, movable: bool) {
        let at = self.members.partition_point(|&m| m < (rank, app));
        self.members.insert(at, (rank, app));
        if movable {
            let at = self.movable.partition_point(|&r| r < rank);
            self.movable.insert(at, rank);
        }
    }

    pub fn remove(&mut self, rank: u32, app: u32, movable: bool) {
        if let Ok(at) = self.members.binary_search(&(rank, app)) {
            self.members.remove(at);
        }
        if movable && let Ok(at) = self.movable.binary_search(&rank) {
            self.movable.remove(at);
        }
    }

    /// Members whose rank is past `rank`.
    pub fn past(&self, rank: u32) -> usize {
        self.members.len() - self.members.partition_point(|&(r, _)| r <= rank)
    }

    /// Members with a rank in `lo..=hi`, by rank.
    pub fn between(&self, lo: u32, hi: u32) -> &[(u32, u32)] {
        let start = self.members.partition_point(|&(r, _)| r < lo);
        let end = self.members.partition_point(|&(r, _)| r <= hi);
        &self.members[start..end.max(start)]
    }

    /// Whether the movable members are not all in one wave (then some are planned).
    pub fn is_split(&self) -> bool {
        self.movable.first() != self.movable.last()
    }

    /// Renumber after a wave was inserted at `at` (`up`) or removed from there: planned ranks
    /// from `at` (past it, when removed) move by one.
    pub fn shift(&mut self, at: u32, up: bool) {
        let moves = |r: &mut u32| {
            if *r != u32::MAX && (*r > at || (up && *r == at)) {
                if up {
                    *r += 1;
                } else {
                    *r -= 1;
                }
            }
        };
        self.members.iter_mut().for_each(|(r, _)| moves(r));
        self.movable.iter_mut().for_each(moves);
    }
}
