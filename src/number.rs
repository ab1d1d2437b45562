//! How numbers read everywhere (the board, the reports, the command line): counts with
//! thousands separators, and data in GB below a terabyte and in TB from one up.

/// `n` with thousands separators: 30,819,823.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount of data given in GB: `800 GB`, `0.5 GB`, `1.4 TB`, `12 TB`, `1,250 TB`.
pub fn data_size(gb: f64) -> String {
    if !gb.is_finite() || gb < 0.0 {
        return format!("{gb} GB");
    }
    let (value, unit) = if gb >= 1000.0 {
        (gb / 1000.0, "TB")
    } else {
        (gb, "GB")
    };
    // One decimal below ten, whole numbers above (with separators); never a trailing ".0".
    let tenths = (value * 10.0).round();
    if value < 10.0 && tenths % 10.0 != 0.0 {
        format!("{:.1} {unit}", tenths / 10.0)
    } else {
        format!("{} {unit}", thousands(value.round() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_one_way() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(30_819_823), "30,819,823");
        assert_eq!(data_size(800.0), "800 GB");
        assert_eq!(data_size(0.5), "0.5 GB");
        assert_eq!(data_size(1411.0), "1.4 TB");
        assert_eq!(data_size(12_000.0), "12 TB");
        assert_eq!(data_size(1_250_000.0), "1,250 TB");
        assert_eq!(data_size(999.0), "999 GB");
    }
}
