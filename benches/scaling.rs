//! Scaling: one message of growing length (10 to 100,000 characters, single thread)
//! and batches of growing size (1 to 100,000 messages, `classify_batch` on rayon's
//! global pool, one thread per core). Cost per byte and per message should stay flat.
//!
//! ```text
//! cargo bench --bench scaling
//! ```

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use zh_emotion::Classifier;

fn message_length(c: &mut Criterion) {
    // The default maximum (50,000 characters) would truncate the longest input.
    let classifier = Classifier::builder().max_chars(200_000).preload().build();
    let mut group = c.benchmark_group("scaling_message_chars");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for chars in [10, 100, 1_000, 10_000, 100_000] {
        let text = common::text_of_chars(chars);
        group.throughput(common::throughput(&[&text]));
        group.bench_with_input(BenchmarkId::from_parameter(chars), &text, |b, text| {
            b.iter(|| classifier.classify(black_box(text)))
        });
    }
    group.finish();
}

fn batch_size(c: &mut Criterion) {
    let classifier = Classifier::builder().preload().build();
    let mut group = c.benchmark_group("scaling_batch_messages");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for n in [1, 10, 100, 1_000, 10_000, 100_000] {
        let messages = common::cycled(n);
        group.throughput(common::throughput(&messages));
        group.bench_with_input(BenchmarkId::from_parameter(n), &messages, |b, messages| {
            b.iter(|| classifier.classify_batch(black_box(messages)))
        });
    }
    group.finish();
}

criterion_group!(benches, message_length, batch_size);
criterion_main!(benches);
