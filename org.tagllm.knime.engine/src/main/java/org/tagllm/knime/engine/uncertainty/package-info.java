/**
 * How far to trust a prediction: split-conformal intervals for regression (plain or normalised by an ensemble's
 * spread), conformal prediction sets for classification, and an ensemble's mean and spread. Pure arithmetic on
 * numbers the predictor already has; calibration is fitted on validation rows and stored in the bank.
 */
package org.tagllm.knime.engine.uncertainty;
