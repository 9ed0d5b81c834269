package org.tagllm.knime.engine.service;

import org.tagllm.knime.engine.LocalModel;
import org.tagllm.knime.engine.bank.Composition;
import org.tagllm.knime.engine.bank.TagBank;
import org.tagllm.knime.engine.method.DomainPretraining;
import org.tagllm.knime.engine.method.PredictionStream;
import org.tagllm.knime.engine.method.TagPredictor;
import org.tagllm.knime.engine.method.UncertaintyTraining;
import org.tagllm.knime.engine.train.ProgressListener;
import org.tagllm.knime.engine.train.TrainingProgress;

/** Runs each kind of request through its stage's entry point, wiring in progress and cancellation. */
final class JobRunner {

    private JobRunner() {}

    @SuppressWarnings("unchecked") // each branch's result type is the request's R, fixed by its record's declaration
    static <R> R run(ModelJob<R> request, LocalModel model, Job<R> job) throws Exception {
        ProgressListener progress = new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                job.progress(JobProgress.of(p));
            }

            @Override
            public boolean finishRequested() {
                return job.finishRequested();
            }
        };
        if (request instanceof DomainPretrainingJob r) {
            return (R) DomainPretraining.run(model, r.corpora(), r.settings(), progress, job.token(), r.resumeFrom());
        }
        if (request instanceof FunctionTrainingJob r) {
            return (R) UncertaintyTraining.run(model, r.domainBank(), r.task(), r.data(), r.settings(),
                    r.uncertainty(), progress, job.token(), r.resumeFrom());
        }
        if (request instanceof StreamingPredictionJob r) {
            job.progress(JobProgress.of(0, "predicting " + r.data().shortName()));
            try (TagPredictor predictor = TagPredictor.open(model, r.bank(), r.functionTag());
                    PredictionStream stream = predictor.stream(r.data(), r.options(), new JobPredictionProgress(job),
                            job.token())) {
                for (TagPredictor.Prediction p; (p = stream.next()) != null; ) {
                    r.sink().accept(p);
                }
                return (R) new StreamingPredictionJob.Outcome(stream.report(),
                        predictor.lengthNote(r.options().maxTokens()));
            }
        }
        PredictionJob r = (PredictionJob) request;
        job.progress(JobProgress.of(0, "predicting " + r.data().shortName()));
        try (TagPredictor predictor = TagPredictor.open(model, r.bank(), r.functionTag())) {
            return (R) predictor.predict(r.data(), r.maxTokens(), r.batchSize(), new JobPredictionProgress(job),
                    job.token());
        }
    }

    /** The jobs that need no model: composition only, for now. */
    @SuppressWarnings("unchecked") // a CompositionJob is a JobRequest<TagBank>
    static <R> R runWithoutModel(JobRequest<R> request) throws Exception {
        CompositionJob r = (CompositionJob) request;
        TagBank bank = Composition.compose(r.domainBanks(), r.functionBank(), r.functionTag());
        return (R) bank;
    }
}
