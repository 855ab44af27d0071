//! Numbers written with a given number of digits after the point, by
//! integer arithmetic: timings and sizes digit for digit as
//! `format!("{:.N}", x)` writes them ([`Fixed`]), and the phone picture's
//! coordinates without trailing zeros ([`Short`]), and counts and line
//! numbers as `to_string` writes them ([`digits`]). The web bundle then
//! carries none of core's float formatting (its Grisu and Dragon code and
//! their tables, about 9 KB of the wasm), since nothing else in it formats
//! an `f64` (serde_json writes the report's f64s with its own code).

use std::fmt;

/// `x` with `digits` digits after the point, rounded half to even on the
/// exact binary value, as `{:.N}` does: `Fixed(2.25, 1)` is "2.2",
/// `Fixed(0.15, 1)` is "0.1" (0.15 is slightly below it in binary),
/// `Fixed(-0.04, 1)` is "-0.0". Exact for `digits` up to 3 while
/// `|x| * 10^digits` is below 2^64: every timing in milliseconds and size
/// in KB or MB is far inside. The formatter's own width and precision are
/// ignored.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Fixed(x, digits) = *self;
        let sign = if x.is_sign_negative() { "-" } else { "" };
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_infinite() {
            return write!(f, "{sign}inf");
        }
        let scale = 10u64.pow(digits);
        let scaled = scaled_round(x.abs(), scale);
        write!(f, "{sign}{}", scaled / scale)?;
        if digits > 0 {
            write!(f, ".{:0w$}", scaled % scale, w = digits as usize)?;
        }
        Ok(())
    }
}

/// `x` to at most `digits` digits after the point, rounded as [`Fixed`]
/// rounds, without trailing zeros, a bare point or a minus sign on zero:
/// `Short(12.5, 2)` is "12.5", `Short(30.0, 2)` is "30", `Short(-0.001, 2)`
/// is "0". For numbers a program reads, such as the coordinates of an SVG.
#[derive(Clone, Copy, Debug)]
pub struct Short(pub f64, pub u32);

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Short(x, digits) = *self;
        if !x.is_finite() {
            return Fixed(x, digits).fmt(f);
        }
        let (mut scaled, mut digits) = (scaled_round(x.abs(), 10u64.pow(digits)), digits);
        while digits > 0 && scaled % 10 == 0 {
            scaled /= 10;
            digits -= 1;
        }
        let scale = 10u64.pow(digits);
        let sign = if x < 0.0 && scaled != 0 { "-" } else { "" };
        write!(f, "{sign}{}", scaled / scale)?;
        if digits > 0 {
            write!(f, ".{:0w$}", scaled % scale, w = digits as usize)?;
        }
        Ok(())
    }
}

/// `n` in decimal digits, as `n.to_string()` writes it, by integer
/// arithmetic. The web bundle's std is built for size, where `to_string`
/// goes through the formatter; the script trace writes one per row, hundreds
/// in the render that ends a boot.
pub fn digits(mut n: u32) -> String {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| char::from(b)).collect()
}

/// `x * scale` rounded half to even, for a finite `x >= 0` and a `scale` up
/// to 1000: `x` is `m * 2^e` exactly, so the product is `m * scale` (below
/// 2^63) shifted by `e`.
fn scaled_round(x: f64, scale: u64) -> u64 {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    let v = m * scale;
    let s = e.unsigned_abs();
    if e >= 0 {
        return if v.leading_zeros() >= s {
            v << s
        } else {
            u64::MAX
        };
    }
    if s >= 64 {
        // Less than half a unit: v < 2^63.
        return 0;
    }
    let (q, r) = (v >> s, v & ((1 << s) - 1));
    let half = 1 << (s - 1);
    if r > half || (r == half && q & 1 == 1) {
        q + 1
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::{digits, Fixed, Short};

    #[test]
    fn digits_writes_what_to_string_writes() {
        for n in [0, 7, 10, 99, 140, 11_714, 1_000_000, u32::MAX] {
            assert_eq!(digits(n), n.to_string());
        }
    }

    #[test]
    fn short_drops_trailing_zeros_and_the_sign_of_zero() {
        for (x, want) in [
            (12.5, "12.5"),
            (30.0, "30"),
            (7.25, "7.25"),
            (7.8000000001, "7.8"),
            (0.6 * 13.0, "7.8"),
            (-3.5, "-3.5"),
            (-0.001, "0"),
            (-0.0, "0"),
            (0.0, "0"),
            (1e-9, "0"),
            (99.999, "100"),
        ] {
            assert_eq!(Short(x, 2).to_string(), want, "{x}");
        }
        // What is left is what Fixed writes, trimmed.
        for n in (0..200_000u64).step_by(13) {
            // Whole numbers too: the zeros before the point stay.
            let x = if n % 7 == 0 {
                (n / 7) as f64 - 1000.0
            } else {
                n as f64 * 0.037 - 300.0
            };
            let fixed = Fixed(x, 2).to_string();
            // Fixed always writes the point here (2 digits).
            let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
            let trimmed = if trimmed == "-0" { "0" } else { trimmed };
            assert_eq!(Short(x, 2).to_string(), trimmed, "{x}");
        }
    }

    fn same(x: f64) {
        for d in 0..=3 {
            let want = match d {
                0 => format!("{x:.0}"),
                1 => format!("{x:.1}"),
                2 => format!("{x:.2}"),
                _ => format!("{x:.3}"),
            };
            assert_eq!(Fixed(x, d).to_string(), want, "{x:e} with {d} digits");
        }
    }

    #[test]
    fn writes_what_the_float_formatting_writes() {
        for x in [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.05,
            0.15,
            0.25,
            0.35,
            2.25,
            2.675,
            1.005,
            -0.04,
            0.0004,
            0.0005,
            0.0015,
            999.95,
            1023.999,
            12345.678,
            5e-324,
            1e-20,
            1e15,
            1.5e15,
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
        ] {
            same(x);
        }
        // Sizes as format_bytes writes them, and timings as the page measures them.
        for n in (0..200_000u64).step_by(7) {
            same(n as f64 / 1024.0);
            same(n as f64 / (1024.0 * 1024.0));
            same(n as f64 * 0.001);
            same(n as f64 * 0.1 + 0.05);
        }
        // Pseudo-random bit patterns across the exponents timings take.
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..100_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let x = f64::from_bits((s >> 12) | (u64::from((s % 60) as u32 + 1000) << 52));
            same(x);
        }
    }
}
