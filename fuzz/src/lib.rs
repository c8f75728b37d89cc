//! One macro for every parser's fuzz target, so a new scanner's target is one line
//! (`fuzz_targets/<tool>.rs`) and the target list follows the registry (harness/tests/registry.rs
//! holds the files and `[[bin]]` entries to `adapters::all()`).

pub use adapters;
pub use libfuzzer_sys;

/// Any bytes must give findings or a typed error from the named parser, never a panic.
#[macro_export]
macro_rules! parser_target {
    ($name:literal) => {
        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| {
            use $crate::adapters::Parser;
            let parser = $crate::adapters::by_name($name)
                .expect(concat!("the ", $name, " parser is registered"));
            let _ = parser.detect(data);
            let _ = parser.parse(data, "fuzz");
        });
    };
}
