//! The board's columns: Unplanned or a wave, with the apps the filter shows in display order
//! (easiest first, then by id; apps that never move last in Unplanned). A column is a sorted
//! list of sort keys kept in chunks, so a card moves in or out without the column being sorted
//! or shifted as a whole.

use crate::graph::AppIx;

/// Keys in a chunk before it is split.
const CHUNK: usize = 512;

/// The bits of a key that hold the app.
const APP_BITS: u64 = (1 << 28) - 1;

/// The sort key of a card: apps that never move last in Unplanned (`last`), then hardness
/// (100 − ease), then id order, then the app itself.
pub fn card_key(last: bool, ease: u32, id_rank: u32, app: AppIx) -> u64 {
    (u64::from(last) << 63)
        | (u64::from(100 - ease.min(100)) << 56)
        | (u64::from(id_rank) << 28)
        | app as u64
}

/// The app of a card's key.
pub fn key_app(key: u64) -> AppIx {
    (key & APP_BITS) as AppIx
}

/// The cards of one column, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnApps {
    chunks: Vec<Vec<u64>>,
    len: usize,
}

impl ColumnApps {
    /// A column of keys already in order.
    pub fn from_sorted(keys: &[u64]) -> ColumnApps {
        ColumnApps {
            chunks: keys.chunks(CHUNK).map(<[u64]>::to_vec).collect(),
            len: keys.len(),
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The app at row `row`.
    pub fn get(&self, row: usize) -> Option<AppIx> {
        let mut rest = row;
        for chunk in &self.chunks {
            if rest < chunk.len() {
                return Some(key_app(chunk[rest]));
            }
            rest -= chunk.len();
        }
        None
    }

    /// The apps of rows `start..end`.
    pub fn rows(&self, start: usize, end: usize) -> impl Iterator<Item = AppIx> + '_ {
        // The chunk row `start` is in, and its place there.
        let (mut c, mut skip) = (0, start);
        while c < self.chunks.len() && skip >= self.chunks[c].len() {
            skip -= self.chunks[c].len();
            c += 1;
        }
        self.chunks[c.min(self.chunks.len())..]
            .iter()
            .flatten()
            .skip(skip)
            .take(end.saturating_sub(start))
            .map(|&k| key_app(k))
    }

    /// Every app, in order.
    pub fn iter(&self) -> impl Iterator<Item = AppIx> + '_ {
        self.chunks.iter().flatten().map(|&k| key_app(k))
    }

    pub fn to_vec(&self) -> Vec<AppIx> {
        self.iter().collect()
    }

    /// The chunk that holds (or would hold) `key`, and the rows before it.
    fn locate(&self, key: u64) -> (usize, usize) {
        let c = self
            .chunks
            .partition_point(|chunk| chunk.last().is_some_and(|&last| last < key))
            .min(self.chunks.len().saturating_sub(1));
        let before = self.chunks[..c].iter().map(Vec::len).sum();
        (c, before)
    }

    /// The row of the card with `key`, if it is in the column.
    pub fn row_of(&self, key: u64) -> Option<usize> {
        if self.chunks.is_empty() {
            return None;
        }
        let (c, before) = self.locate(key);
        self.chunks[c].binary_search(&key).ok().map(|i| before + i)
    }

    /// Put in the card with `key`; returns its row.
    pub fn insert(&mut self, key: u64) -> usize {
        if self.chunks.is_empty() {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let (c, before) = self.locate(key);
        let chunk = &mut self.chunks[c];
        let i = chunk.partition_point(|&k| k < key);
        chunk.insert(i, key);
        if chunk.len() > 2 * CHUNK {
            let rest = chunk.split_off(CHUNK);
            self.chunks.insert(c + 1, rest);
        }
        self.len += 1;
        before + i
    }

    /// Take out the card with `key`; returns the row it had.
    pub fn remove(&mut self, key: u64) -> Option<usize> {
        if self.chunks.is_empty() {
            return None;
        }
        let (c, before) = self.locate(key);
        let i = self.chunks[c].binary_search(&key).ok()?;
        self.chunks[c].remove(i);
        if self.chunks[c].is_empty() {
            self.chunks.remove(c);
        }
        self.len -= 1;
        Some(before + i)
    }
}

/// One column of the board: Unplanned (`wave: None`) or a wave, with the apps the filter shows
/// in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub wave: Option<usize>,
    pub apps: ColumnApps,
    /// Apps in the column before the filter.
    pub total: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_stay_in_order_through_inserts_and_removals() {
        let mut column = ColumnApps::default();
        let mut plain: Vec<u64> = Vec::new();
        for step in 0..5000u64 {
            let key = (step * 7919) % 3001;
            if plain.binary_search(&key).is_ok() {
                assert_eq!(column.remove(key), plain.binary_search(&key).ok());
                plain.retain(|&k| k != key);
            } else {
                let row = column.insert(key);
                plain.insert(row, key);
                assert!(plain.windows(2).all(|w| w[0] < w[1]), "in order at {step}");
            }
            assert_eq!(column.len(), plain.len());
        }
        assert_eq!(
            column.to_vec(),
            plain.iter().map(|&k| key_app(k)).collect::<Vec<_>>()
        );
        for (row, &key) in plain.iter().enumerate().step_by(37) {
            assert_eq!(column.row_of(key), Some(row));
            assert_eq!(column.get(row), Some(key_app(key)));
        }
        assert_eq!(
            ColumnApps::from_sorted(&plain).to_vec(),
            column.to_vec(),
            "built at once, the same"
        );
    }
}
