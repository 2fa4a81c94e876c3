//! Writes the upright RGB pixels Relais decodes from an image file, as
//! `<width> <height>\n` then the bytes, so that another PDQ implementation can
//! hash exactly the same pixels (`tests/data/reference.py` does, with the
//! Python bindings of Meta's C++ reference).
//!
//! `cargo run -p relais-pdq --example pixels -- FILE OUT`

#![allow(clippy::print_stderr, clippy::expect_used)]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(file), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pixels FILE OUT");
        std::process::exit(2);
    };
    let bytes = std::fs::read(file).expect("the file");
    let (rgb, _) = relais_pdq::decode::upright_rgb(&bytes, Default::default()).expect("an image");
    let mut data = format!("{} {}\n", rgb.width(), rgb.height()).into_bytes();
    data.extend_from_slice(rgb.as_raw());
    std::fs::write(out, data).expect("written");
}
