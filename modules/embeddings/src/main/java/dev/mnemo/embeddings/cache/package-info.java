/** The bounded LRU cache of finished vectors. Internal. */
package dev.mnemo.embeddings.cache;
