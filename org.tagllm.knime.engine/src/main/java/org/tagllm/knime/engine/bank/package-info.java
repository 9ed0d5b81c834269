/**
 * Tag banks: the unit in which learned Tag-LLM tags and task heads are stored, passed around and combined.
 *
 * <p>Tag-LLM learns <em>domain tags</em> ({@code <SMILES>}, {@code <Protein>}) from unlabelled data in stage 1, and
 * <em>function tags</em> ({@code <QED>}, {@code <BindingAffinity>}) with an optional task head in stage 2 (one
 * domain) or stage 3 (several domains, whose tags come from different stage-1 runs and stay frozen).
 * {@link org.tagllm.knime.engine.bank.TagBanks#merge} joins separately trained banks for stage 3;
 * {@link org.tagllm.knime.engine.bank.Composition#compose} pairs a function tag with the domain tags its task needs,
 * from wherever they are, for prediction.
 *
 * <h2>Folder format, version 1</h2>
 * A bank is a folder with two files, written beside the folder's place and renamed in, so a reader never sees half a
 * bank.
 *
 * <p><b>{@code bank.safetensors}</b>: float32 tensors (F16/BF16 are widened when read), all finite.
 * <ul>
 * <li>{@code tag.<Name>} — shape {@code [p, d]}: the tag's p vectors in the model's hidden size d, e.g.
 * {@code tag.<QED>};</li>
 * <li>{@code head.<Name>.weight} — {@code [output_dim, input_dim]}, and {@code head.<Name>.bias} —
 * {@code [output_dim]} when the head declares a bias; regression and classification heads only (a generation head
 * decodes with the model's LM head and stores nothing).</li>
 * </ul>
 * Nothing else: a tensor the manifest does not account for is an error.
 *
 * <p><b>{@code bank.json}</b>, the manifest (snake_case keys; unknown keys are ignored, so a newer writer may add
 * optional ones without changing the version):
 * <pre>{@code
 * {
 *   "format": "tagllm-bank",
 *   "format_version": 1,             // a newer version is refused with a message to upgrade Tag-LLM
 *   "tags": [ {"name": "<SMILES>", "kind": "domain", "vectors": 10, "hidden": 4096},
 *             {"name": "<QED>", "kind": "function", "vectors": 10, "hidden": 4096} ],
 *   "heads": [ {"function_tag": "<QED>", "type": "regression",      // or classification, generation
 *               "input_dim": 4096, "output_dim": 1, "bias": true,
 *               "target_mean": [0.6], "target_std": [0.2]} ],       // regression only
 *            // classification: "class_labels": ["inactive", "active"], "temperature": 1.0
 *   "tasks": [ {"function_tag": "<QED>", "task_type": "regression",
 *               "fields": [ {"name": "smiles", "domain_tag": "<SMILES>", "tokenization": "character",
 *                            "kind": "smiles"} ],                      // kind: the value checks; optional
 *               "segment_isolation": false} ],                      // tokenization: character or model
 *   "base_model": {"model_type": "llama", "hidden_size": 4096, "vocab_size": 32000, "num_layers": 32,
 *                  "config_sha256": "…", "embedding_sha256": "…"},
 *   "provenance": [ {"stage": 2,                                    // 1, 2, 3, "merge" or "compose"
 *                    "created": "2024-05-01T12:00:00Z", "tool_version": "0.1.0",
 *                    "data_files": [ {"path": "qed.csv", "sha256": "…", "rows": 5000} ],
 *                    "hyperparameters": {"learning_rate": 0.0001}, "metrics": {"validation_loss": 0.12},
 *                    "source_banks": ["<content sha256 of an input bank>"],
 *                    "pairings": [ {"domain_tag": "<SMILES>", "source_bank": "…",      // compose only
 *                                   "trained_together": false} ]} ],
 *   "file_sha256": {"bank.safetensors": "…"}     // checked on reading; absent in banks written before it
 * }
 * }</pre>
 *
 * <p>Rules a bank obeys (checked when built and when read, with messages naming the folder and the tag, tensor or
 * field): tag names are one word in angle brackets; every tag's hidden size is the base model's; heads and tasks belong
 * to function tags of the bank, one each at most; a task's field names a domain tag, which may live in another bank;
 * a field's {@code domain_tag} is {@code null} for untagged text but never absent (a field that lost it is refused);
 * a generation head's dims are the model's hidden and vocabulary sizes. {@code base_model} identifies the frozen model
 * by hashes of its canonical configuration and of its token embeddings as float32
 * ({@link org.tagllm.knime.engine.bank.BaseModelFingerprint#of}); banks of different models are never combined.
 * {@code source_banks} and {@code pairings} name banks by {@link org.tagllm.knime.engine.bank.TagBank#contentSha256()}.
 * {@code file_sha256} describes the stored files, not the bank: a tensor file whose SHA-256 differs is refused, naming
 * both digests; it plays no part in a bank's equality or content hash.
 */
package org.tagllm.knime.engine.bank;
