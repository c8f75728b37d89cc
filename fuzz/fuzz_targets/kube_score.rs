//! Fuzzes the kube-score parser: any bytes give findings or a typed error, never a panic.
#![no_main]

adapters_fuzz::parser_target!("kube-score");
