/**
 * Calibration of stated confidence (Guo et al. 2017, "On Calibration of Modern Neural Networks"):
 * judgments are put in equal-width confidence bins; a bin's gap is |accuracy − mean confidence|, and
 * the expected calibration error is the gap averaged over bins weighted by their share of judgments.
 * The bins are also what a reliability chart draws (accuracy against confidence per bin).
 */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Calibration {
  /** Null when no judgment stated a confidence. */
  ece: number | null;
  judgments: number;
  bins: CalibrationBin[];
}

export function calibration(points: readonly { confidence: number; correct: boolean }[], binCount = 10): Calibration {
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  for (const p of points) {
    // Confidence 1 belongs to the last bin; each bin is [lower, upper).
    const b = sums[Math.min(binCount - 1, Math.max(0, Math.floor(p.confidence * binCount)))];
    b.count++;
    b.confidence += p.confidence;
    if (p.correct) b.correct++;
  }
  let ece = 0;
  const bins = sums.map((b, i) => {
    if (b.count > 0) ece += (b.count / points.length) * Math.abs(b.correct / b.count - b.confidence / b.count);
    return {
      lower: i / binCount,
      upper: (i + 1) / binCount,
      count: b.count,
      meanConfidence: b.count ? b.confidence / b.count : null,
      accuracy: b.count ? b.correct / b.count : null,
    };
  });
  return { ece: points.length ? ece : null, judgments: points.length, bins };
}
