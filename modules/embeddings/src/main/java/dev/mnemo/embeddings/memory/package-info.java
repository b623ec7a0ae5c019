/** What models cost in RAM: process RSS readings, estimates before loading, and the budget they must fit. Internal. */
package dev.mnemo.embeddings.memory;
