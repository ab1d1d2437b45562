#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = waveplan_fuzz::import_servicenow(data);
});
