//! Evaluation metrics: accuracy, macro-F1, per-label precision/recall/F1, a
//! confusion matrix, polarity accuracy and Spearman rank correlation.

use crate::Emotion;

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

    /// Mean F1 over the labels that occur in the gold data.
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<f64> = Emotion::ALL
            .into_iter()
            .map(|e| self.label(e))
            .filter(|m| m.support > 0)
            .map(|m| m.f1)
            .collect();
        if present.is_empty() {
            0.0
        } else {
            present.iter().sum::<f64>() / present.len() as f64
        }
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
    fn spearman_handles_ties_and_degenerate_input() {
        let r = spearman(&[1.0, 1.0, 2.0, 3.0], &[0.1, 0.2, 0.3, 0.4]).unwrap();
        assert!(r > 0.9 && r < 1.0);
        assert_eq!(spearman(&[1.0, 1.0], &[1.0, 2.0]), None);
        assert_eq!(spearman(&[1.0], &[1.0]), None);
        let neg = spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).unwrap();
        assert!((neg + 1.0).abs() < 1e-12);
    }
}
