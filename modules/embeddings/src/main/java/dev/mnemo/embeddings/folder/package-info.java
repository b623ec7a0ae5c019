/** A model on disk: the folder layout (model.onnx, tokenizer.json, mnemo-model.json) and the descriptor reader. Internal. */
package dev.mnemo.embeddings.folder;
