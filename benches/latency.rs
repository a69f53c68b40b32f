//! Latency of one short message (about 20 characters) and one long one (about 500),
//! with a warm classifier (everything loaded), single thread.
//!
//! ```text
//! cargo bench --bench latency
//! ```
//! First-call latency in a fresh process (lazy loading vs preloaded) is measured by
//! `examples/startup.rs`, since a process loads the embedded data only once.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use zh_emotion::Classifier;

/// About 20 characters: a typical chat message.
const SHORT: &str = "快递三天了还没到，急死了！！明天就要用";
/// About 500 characters: a long review.
fn long() -> String {
    common::text_of_chars(500)
}

fn latency(c: &mut Criterion) {
    let classifier = Classifier::builder().preload().build();
    let long = long();
    let mut group = c.benchmark_group("latency");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for (name, text) in [("short_20_chars", SHORT), ("long_500_chars", long.as_str())] {
        group.throughput(common::throughput(&[text]));
        group.bench_function(format!("classify/{name}"), |b| {
            b.iter(|| classifier.classify(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, latency);
criterion_main!(benches);
