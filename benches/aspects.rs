//! What aspects cost: single-thread `classify` over the bench corpus with aspects
//! (`ClassifierBuilder::aspects(true)`) and without them (the default), in one criterion run.
//!
//! ```text
//! cargo bench --bench aspects
//! ```

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use zh_emotion::Classifier;

fn aspects(c: &mut Criterion) {
    let messages = common::messages();
    let with = Classifier::builder().aspects(true).preload().build();
    let without = Classifier::builder().aspects(false).preload().build();
    let mut group = c.benchmark_group("aspects");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(10));
    group.throughput(common::throughput(&messages));
    for (name, classifier) in [
        ("classify/without_aspects", &without),
        ("classify/with_aspects", &with),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                for m in &messages {
                    black_box(classifier.classify(black_box(m)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, aspects);
criterion_main!(benches);
