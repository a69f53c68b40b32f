//! Evaluation metrics: accuracy, macro-F1, per-label precision/recall/F1, a
//! confusion matrix, polarity accuracy and Spearman rank correlation; and the same
//! figures over a coarser label set ([`ClassSet`]), for corpora that annotate fewer
//! labels than ours.

use crate::types::emotion::Emotion;
use crate::types::result::Scores;

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LabelMetrics {
    /// Correct predictions of the label / all predictions of it.
    pub precision: f64,
    /// Correct predictions of the label / all gold instances of it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of gold instances.
    pub support: u32,
}

impl LabelMetrics {
    /// From true positives, predictions of the label, and gold instances of it.
    fn from_counts(tp: u32, predicted: u32, support: u32) -> Self {
        let precision = ratio(tp, predicted);
        let recall = ratio(tp, support);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        LabelMetrics {
            precision,
            recall,
            f1,
            support,
        }
    }
}

/// A confusion matrix over the nine labels, filled one (gold, predicted) pair at a time.
///
/// ```
/// use zh_emotion::{metrics::Confusion, Emotion};
/// let mut c = Confusion::default();
/// c.add(Emotion::Joy, Emotion::Joy);
/// c.add(Emotion::Anger, Emotion::Joy);
/// assert_eq!(c.accuracy(), 0.5);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confusion {
    /// `counts[gold][predicted]`.
    pub counts: [[u32; Emotion::COUNT]; Emotion::COUNT],
}

impl Confusion {
    /// Records one prediction.
    pub fn add(&mut self, gold: Emotion, predicted: Emotion) {
        self.counts[gold.index()][predicted.index()] += 1;
    }

    /// Adds the counts of another matrix (another fold or data set) to this one.
    ///
    /// ```
    /// use zh_emotion::{metrics::Confusion, Emotion};
    /// let (mut a, mut b) = (Confusion::default(), Confusion::default());
    /// a.add(Emotion::Joy, Emotion::Joy);
    /// b.add(Emotion::Anger, Emotion::Joy);
    /// a.merge(&b);
    /// assert_eq!((a.total(), a.accuracy()), (2, 0.5));
    /// ```
    pub fn merge(&mut self, other: &Confusion) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (count, other_count) in row.iter_mut().zip(other_row) {
                *count += other_count;
            }
        }
    }

    /// Number of predictions recorded.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Share of correct predictions (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let correct: u32 = (0..Emotion::COUNT).map(|i| self.counts[i][i]).sum();
        ratio(correct, self.total())
    }

    /// Metrics of one label.
    pub fn label(&self, e: Emotion) -> LabelMetrics {
        let i = e.index();
        let tp = self.counts[i][i];
        let predicted: u32 = (0..Emotion::COUNT).map(|g| self.counts[g][i]).sum();
        let support: u32 = self.counts[i].iter().sum();
        LabelMetrics::from_counts(tp, predicted, support)
    }

    /// Mean F1 over the labels that occur in the gold data.
    pub fn macro_f1(&self) -> f64 {
        mean_f1_of_present(Emotion::ALL.into_iter().map(|e| self.label(e)))
    }

    /// The matrix as text, gold labels in rows, predictions in columns.
    pub fn to_table(&self) -> String {
        let mut out = format!("{:>15}", "gold \\ pred");
        for e in Emotion::ALL {
            out.push_str(&format!(" {:>6}", &e.id()[..e.id().len().min(6)]));
        }
        out.push('\n');
        for g in Emotion::ALL {
            out.push_str(&format!("{:>15}", g.id()));
            for p in Emotion::ALL {
                out.push_str(&format!(" {:>6}", self.counts[g.index()][p.index()]));
            }
            out.push('\n');
        }
        out
    }
}

/// A label set coarser than ours: named classes, each a set of our labels. Corpora
/// annotate fewer labels than the nine (SMP2020-EWECT's `angry` is our `anger` or
/// `disgust`; review polarity has two classes); the classifier's answer in such a set
/// is the class with the most probability.
///
/// ```
/// use zh_emotion::{metrics::ClassSet, Emotion, Scores};
/// let polarity = ClassSet::new(vec![
///     ("positive".into(), Emotion::POSITIVE.to_vec()),
///     ("negative".into(), Emotion::NEGATIVE.to_vec()),
/// ]);
/// let mut p = [0.0; Emotion::COUNT];
/// p[Emotion::Joy.index()] = 0.4;
/// p[Emotion::Anger.index()] = 0.3;
/// p[Emotion::Disgust.index()] = 0.3;
/// assert_eq!(polarity.predict(&Scores::new(p)), 1); // 0.6 negative beats 0.4 positive
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSet {
    classes: Vec<(String, Vec<Emotion>)>,
}

impl ClassSet {
    /// A set of named classes. Classes may overlap; the first one wins ties.
    pub fn new(classes: Vec<(String, Vec<Emotion>)>) -> Self {
        Self { classes }
    }

    /// Our own nine labels, one class each.
    pub fn nine_labels() -> Self {
        Self::new(
            Emotion::ALL
                .into_iter()
                .map(|e| (e.id().to_string(), vec![e]))
                .collect(),
        )
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when there are no classes.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The class names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.classes.iter().map(|(n, _)| n.as_str())
    }

    /// The class whose labels are exactly `labels` (in any order).
    pub fn index_of(&self, labels: &[Emotion]) -> Option<usize> {
        let same =
            |set: &[Emotion]| set.len() == labels.len() && labels.iter().all(|l| set.contains(l));
        self.classes.iter().position(|(_, set)| same(set))
    }

    /// The class with the highest summed probability (the first on ties).
    pub fn predict(&self, scores: &Scores) -> usize {
        let mass = |set: &[Emotion]| set.iter().map(|e| scores.get(*e)).sum::<f32>();
        let mut best = (0, f32::NEG_INFINITY);
        for (i, (_, set)) in self.classes.iter().enumerate() {
            let m = mass(set);
            if m > best.1 {
                best = (i, m);
            }
        }
        best.0
    }
}

/// A confusion matrix over the classes of a [`ClassSet`].
///
/// ```
/// use zh_emotion::metrics::{ClassConfusion, ClassSet};
/// let mut c = ClassConfusion::new(&ClassSet::nine_labels());
/// c.add(0, 0);
/// c.add(1, 0);
/// assert_eq!((c.total(), c.accuracy()), (2, 0.5));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassConfusion {
    /// The class names.
    pub names: Vec<String>,
    /// `counts[gold][predicted]`.
    pub counts: Vec<Vec<u32>>,
}

impl ClassConfusion {
    /// An empty matrix over the classes of `set`.
    pub fn new(set: &ClassSet) -> Self {
        Self {
            names: set.names().map(str::to_string).collect(),
            counts: vec![vec![0; set.len()]; set.len()],
        }
    }

    /// Records one prediction (class indices; out-of-range ones are ignored).
    pub fn add(&mut self, gold: usize, predicted: usize) {
        if let Some(cell) = self.counts.get_mut(gold).and_then(|r| r.get_mut(predicted)) {
            *cell += 1;
        }
    }

    /// Adds another matrix's counts. An empty matrix takes the other's classes;
    /// matrices over different classes do not merge (`false`).
    pub fn merge(&mut self, other: &ClassConfusion) -> bool {
        if self.names.is_empty() {
            *self = other.clone();
            return true;
        }
        if self.names != other.names {
            return false;
        }
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (count, other_count) in row.iter_mut().zip(other_row) {
                *count += other_count;
            }
        }
        true
    }

    /// Number of predictions recorded.
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Share of correct predictions (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let correct: u32 = (0..self.counts.len()).map(|i| self.counts[i][i]).sum();
        ratio(correct, self.total())
    }

    /// Metrics of class `i`.
    pub fn class(&self, i: usize) -> LabelMetrics {
        let tp = self.counts.get(i).map_or(0, |r| r[i]);
        let predicted: u32 = self
            .counts
            .iter()
            .map(|r| r.get(i).copied().unwrap_or(0))
            .sum();
        let support: u32 = self.counts.get(i).map_or(0, |r| r.iter().sum());
        LabelMetrics::from_counts(tp, predicted, support)
    }

    /// Mean F1 over the classes that occur in the gold data.
    pub fn macro_f1(&self) -> f64 {
        mean_f1_of_present((0..self.counts.len()).map(|i| self.class(i)))
    }
}

/// Mean F1 over the labels or classes with gold instances (0 when there are none).
fn mean_f1_of_present(metrics: impl Iterator<Item = LabelMetrics>) -> f64 {
    let (sum, n) = metrics
        .filter(|m| m.support > 0)
        .fold((0.0, 0usize), |(sum, n), m| (sum + m.f1, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// Spearman rank correlation (with average ranks for ties); `None` when fewer than
/// two pairs or when either side is constant.
///
/// ```
/// let r = zh_emotion::metrics::spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 25.0]).unwrap();
/// assert!((r - 1.0).abs() < 1e-12);
/// ```
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    pearson(&ranks(xs), &ranks(ys))
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && v[order[j + 1]] == v[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma).powi(2);
        vb += (y - mb).powi(2);
    }
    if va == 0.0 || vb == 0.0 {
        None
    } else {
        Some(cov / (va * vb).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_label_metrics() {
        let mut c = Confusion::default();
        c.add(Emotion::Joy, Emotion::Joy);
        c.add(Emotion::Joy, Emotion::Anger);
        c.add(Emotion::Anger, Emotion::Anger);
        let joy = c.label(Emotion::Joy);
        assert_eq!((joy.precision, joy.recall, joy.support), (1.0, 0.5, 2));
        let anger = c.label(Emotion::Anger);
        assert_eq!((anger.precision, anger.recall), (0.5, 1.0));
        assert!((c.macro_f1() - (2.0 / 3.0)).abs() < 1e-12);
        assert!(c.to_table().contains("anger"));
    }

    #[test]
    fn class_confusion_over_a_coarser_set() {
        let set = ClassSet::new(vec![
            ("angry".into(), vec![Emotion::Anger, Emotion::Disgust]),
            ("happy".into(), vec![Emotion::Joy, Emotion::Gratitude]),
        ]);
        assert_eq!(set.index_of(&[Emotion::Disgust, Emotion::Anger]), Some(0));
        assert_eq!(set.index_of(&[Emotion::Anger]), None);
        let mut p = [0.0; Emotion::COUNT];
        p[Emotion::Joy.index()] = 0.35;
        p[Emotion::Anger.index()] = 0.3;
        p[Emotion::Disgust.index()] = 0.2;
        assert_eq!(set.predict(&Scores::new(p)), 0);
        let mut c = ClassConfusion::new(&set);
        c.add(0, 0);
        c.add(1, 0);
        c.add(1, 1);
        c.add(7, 0); // out of range: ignored
        assert_eq!(c.total(), 3);
        assert_eq!(c.class(0).precision, 0.5);
        assert!((c.macro_f1() - (2.0 / 3.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        let mut all = ClassConfusion::default();
        assert!(all.merge(&c) && all.merge(&c));
        assert_eq!(all.total(), 6);
        assert!(!all.merge(&ClassConfusion::new(&ClassSet::nine_labels())));
    }

    #[test]
    fn spearman_handles_ties_and_degenerate_input() {
        let r = spearman(&[1.0, 1.0, 2.0, 3.0], &[0.1, 0.2, 0.3, 0.4]).unwrap();
        assert!(r > 0.9 && r < 1.0);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), None);
        assert_eq!(spearman(&[1.0], &[1.0]), None);
        let neg = spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap();
        assert!((neg + 1.0).abs() < 1e-12);
    }
}
