//! Throughput of `classify` against jieba-rs `cut` alone on the same messages (single
//! thread), and of the batch API on 10,000 messages with 1 and 2 threads.
//!
//! ```text
//! cargo bench --bench throughput
//! ```
//!
//! The baseline is `classifier.segmenter().jieba().cut(text, true)` (HMM on) on the
//! normalised text: the same jieba dictionary the classifier segments with (jieba's
//! own plus the lexicon's words), so that the ratio shows what the classifier costs
//! beyond segmentation. Both report throughput over the same input bytes and messages.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use zh_emotion::normalize::normalize;
use zh_emotion::Classifier;

fn cut_vs_classify(c: &mut Criterion) {
    let classifier = Classifier::builder().preload().build();
    let messages = common::messages();
    let normalized: Vec<String> = messages
        .iter()
        .map(|m| normalize(m).as_str().to_string())
        .collect();
    let jieba = classifier.segmenter().jieba();

    let mut group = c.benchmark_group("cut_vs_classify");
    group.throughput(common::throughput(&messages));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("jieba_cut", |b| {
        b.iter(|| {
            let mut tokens = 0;
            for text in &normalized {
                tokens += jieba.cut(black_box(text), true).len();
            }
            tokens
        })
    });
    group.bench_function("classify", |b| {
        b.iter(|| {
            let mut hits = 0;
            for text in &messages {
                hits += classifier.classify(black_box(text)).evidence.len();
            }
            hits
        })
    });
    group.finish();
}

fn batch(c: &mut Criterion) {
    let classifier = Classifier::builder().preload().build();
    let messages = common::cycled(10_000);
    let mut group = c.benchmark_group("classify_batch_10k");
    group.throughput(common::throughput(&messages));
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));
    for threads in [1, 2] {
        let pool = common::pool(threads);
        group.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, _| {
            b.iter(|| pool.install(|| classifier.classify_batch(black_box(&messages))))
        });
    }
    group.finish();
}

criterion_group!(benches, cut_vs_classify, batch);
criterion_main!(benches);
