package io.carbonq.forecasts.accuracy;

/**
 * How one source's forecasts for one zone fared at one lead-time band.
 *
 * @param leadBand e.g. {@code 6-12h}: how far ahead of the period the forecast was fetched
 * @param points forecast periods compared with a measured value
 * @param mapePercent mean absolute percentage error
 * @param biasGramsPerKwh mean of forecast minus actual; positive when the source over-forecasts
 */
public record AccuracyRow(
    String source,
    String zone,
    String leadBand,
    int points,
    double mapePercent,
    double biasGramsPerKwh) {}
