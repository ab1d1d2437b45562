//! Which old wave each new wave is (waves have no ids): the same name first, an unnamed wave
//! by its place, then the most apps in common; and which matched waves kept their order.

use super::super::WavePlan;

/// For each new wave, the old wave it is: the same name first, then (both unnamed) the same
/// place, then the most apps in common.
pub(super) fn match_waves(old: &WavePlan, new: &WavePlan) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> = vec![None; new.wave_count()];
    let mut taken = vec![false; old.wave_count()];
    for (nw, wave) in new.waves().iter().enumerate() {
        let name = wave.name.trim();
        if name.is_empty() {
            continue;
        }
        if let Some(o) =
            (0..old.wave_count()).find(|&o| !taken[o] && old.waves()[o].name.trim() == name)
        {
            matched[nw] = Some(o);
            taken[o] = true;
        }
    }
    // An unnamed wave goes by its place ("Wave 4"): an unnamed wave at the same place in both
    // plans is the same wave, whatever it holds now.
    for nw in 0..new.wave_count().min(old.wave_count()) {
        if matched[nw].is_none()
            && !taken[nw]
            && new.waves()[nw].name.trim().is_empty()
            && old.waves()[nw].name.trim().is_empty()
        {
            matched[nw] = Some(nw);
            taken[nw] = true;
        }
    }
    // Apps in common between each remaining pair.
    let mut common: Vec<(usize, usize, usize)> = Vec::new();
    for (nw, wave) in new.waves().iter().enumerate() {
        if matched[nw].is_some() {
            continue;
        }
        let mut counts = std::collections::BTreeMap::new();
        for &a in &wave.apps {
            if let Some(o) = old.wave_of(a)
                && !taken[o]
            {
                *counts.entry(o).or_insert(0usize) += 1;
            }
        }
        for (o, c) in counts {
            common.push((c, nw, o));
        }
    }
    common.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(x.1.abs_diff(x.2).cmp(&y.1.abs_diff(y.2)))
            .then(x.1.cmp(&y.1))
    });
    for (_, nw, o) in common {
        if matched[nw].is_none() && !taken[o] {
            matched[nw] = Some(o);
            taken[o] = true;
        }
    }
    matched
}

/// The pairs (old, new), sorted by new, that form the longest run increasing in old (patience
/// sorting: O(n log n)).
pub(super) fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[l]: the index of the pair ending the best run of length l + 1 found so far
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; pairs.len()];
    for (i, &(o, _)) in pairs.iter().enumerate() {
        let l = tails.partition_point(|&t| pairs[t].0 < o);
        if l > 0 {
            prev[i] = tails[l - 1];
        }
        if l == tails.len() {
            tails.push(i);
        } else {
            tails[l] = i;
        }
    }
    let mut out = Vec::new();
    let mut i = tails.last().copied().unwrap_or(usize::MAX);
    while i != usize::MAX {
        out.push(pairs[i]);
        i = prev[i];
    }
    out.reverse();
    out
}
