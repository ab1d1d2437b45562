//! Edits of a plan keep each app's wave and the count of planned apps in step with the waves.

use super::*;

fn consistent(p: &WavePlan) {
    for (w, wave) in p.waves().iter().enumerate() {
        for &a in &wave.apps {
            assert_eq!(p.wave_of(a), Some(w));
        }
    }
    let placed: usize = (0..p.app_count())
        .filter(|&a| p.wave_of(a).is_some())
        .count();
    assert_eq!(placed, p.planned_count());
}

#[test]
fn edits_keep_waves_and_index_in_step() {
    let mut p = WavePlan::empty(5);
    assert!(p.insert_wave(0, "Pilot"));
    assert!(p.insert_wave(1, ""));
    assert!(p.move_app(3, Some(1)));
    assert!(p.move_app(1, Some(0)));
    assert!(!p.move_app(1, Some(0)));
    assert!(!p.move_app(1, Some(7)));
    assert!(p.insert_wave(0, "Zero"));
    assert_eq!(p.wave_of(1), Some(1));
    assert_eq!(p.label(2), "Wave 3");
    assert!(p.swap_waves(1, 2));
    assert_eq!(p.wave_of(3), Some(1));
    assert!(!p.remove_wave(1));
    assert!(p.remove_wave(0));
    assert_eq!(p.wave_of(3), Some(0));
    assert!(p.move_app(3, None));
    assert_eq!(p.wave_of(3), None);
    consistent(&p);
}
