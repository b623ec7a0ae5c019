package dev.mnemo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic inputs shared by every benchmark, so ours and the peer's see the very same texts.
 *
 * <ul>
 *   <li>short sentences: ~15-20 tokens, the size of an agent's memory note or a search query;</li>
 *   <li>code snippets: ~200-240 tokens (bge / MiniLM word pieces), a Java method with a doc comment;</li>
 *   <li>prose paragraphs: ~240 tokens, a long TEXT document.</li>
 * </ul>
 * A {@code salt} makes texts unique (cache misses) without changing their size.
 */
public final class Corpus {

    private static final String[] SUBJECTS = {"The deployment", "Our agent", "The nightly job", "A user", "The parser",
            "The billing service", "The search index", "Our team", "The scheduler", "The cache layer", "The API gateway",
            "The mobile client"};
    private static final String[] VERBS = {"failed after", "recovered from", "was slowed down by", "logged a warning about",
            "retried because of", "was rolled back after", "reported", "ignored"};
    private static final String[] OBJECTS = {"a timeout on the payments database", "an expired TLS certificate",
            "a malformed JSON payload from the webhook", "the memory pressure on node seven",
            "a missing index on the orders table", "the new rate limit of the partner API",
            "a race between two concurrent writers", "a flaky DNS resolver in the staging cluster"};
    private static final String[] WHEN = {"yesterday evening", "during the release", "on Monday morning",
            "while the backup was running", "right after the migration", "at peak traffic"};

    private static final String[] NOUNS = {"order", "invoice", "customer", "session", "token", "segment", "event",
            "payload", "record", "channel", "buffer", "ledger"};

    private Corpus() {
    }

    /** The i-th short sentence (~17 tokens); salt 0 gives the canonical set. */
    public static String sentence(int i, long salt) {
        String s = SUBJECTS[i % SUBJECTS.length] + " " + VERBS[(i / 3) % VERBS.length] + " "
                + OBJECTS[(i * 7 + 3) % OBJECTS.length] + " " + WHEN[(i * 5 + 1) % WHEN.length];
        return salt == 0 ? s + "." : s + " (ticket " + salt + ").";
    }

    public static List<String> sentences(int n, long salt) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sentence(i, salt));
        }
        return out;
    }

    /** A search query (~10 tokens), unique per salt. */
    public static String query(long salt) {
        return "why did " + NOUNS[(int) (salt % NOUNS.length)] + " processing fail after the release " + salt;
    }

    /** The i-th code snippet: a Java method of ~200-240 tokens. */
    public static String code(int i, long salt) {
        String n = NOUNS[i % NOUNS.length];
        String N = Character.toUpperCase(n.charAt(0)) + n.substring(1);
        String m = NOUNS[(i * 5 + 2) % NOUNS.length];
        return """
                /**
                 * Loads every %1$s of the given account from the repository, skips the archived ones and
                 * returns them sorted by creation time, newest first (variant %4$d, %5$d).
                 */
                public List<%2$s> recent%2$ss(UUID accountId, int limit, Duration maxAge) {
                    if (limit <= 0) {
                        throw new IllegalArgumentException("limit must be positive, was " + limit);
                    }
                    Instant cutoff = clock.instant().minus(maxAge);
                    List<%2$s> result = new ArrayList<>();
                    for (%2$s %1$s : repository.findByAccount(accountId)) {
                        if (%1$s.isArchived() || %1$s.createdAt().isBefore(cutoff)) {
                            continue;
                        }
                        %1$s.attach(%3$sCache.getOrDefault(%1$s.id(), Collections.emptyList()));
                        result.add(%1$s);
                    }
                    result.sort(Comparator.comparing(%2$s::createdAt).reversed());
                    log.debug("found {} %1$ss for {} in {} ms", result.size(), accountId, elapsed());
                    return result.size() > limit ? result.subList(0, limit) : result;
                }
                """.formatted(n, N, m, i, salt);
    }

    public static List<String> codes(int n, long salt) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(code(i, salt));
        }
        return out;
    }

    /** A prose paragraph of ~240 tokens (a long TEXT document). */
    public static String prose(int i, long salt) {
        StringBuilder b = new StringBuilder("Incident report " + i + "-" + salt + ". ");
        for (int k = 0; k < 10; k++) {
            b.append(sentence(i * 11 + k, 0)).append(' ');
        }
        b.append("Follow-up actions were agreed and assigned to the owners of each affected service.");
        return b.toString();
    }

    public static List<String> proses(int n, long salt) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prose(i, salt));
        }
        return out;
    }

    /** Clustered, embedding-like unit vectors (uniform noise would make recall meaningless): see pgvector notes. */
    public static final class Vectors {
        private final float[][] centres;
        private final int dim;
        private final long seed;

        public Vectors(int dim, int clusters, long seed) {
            this.dim = dim;
            this.seed = seed;
            Random r = new Random(seed);
            centres = new float[clusters][dim];
            for (float[] c : centres) {
                for (int d = 0; d < dim; d++) {
                    c[d] = (float) r.nextGaussian();
                }
                normalize(c);
            }
        }

        /** The i-th vector of a stream (same i, same vector): a centre plus gaussian spread, normalised. */
        public float[] vector(long i) {
            Random r = new Random(seed * 1_000_003L + i);
            float[] c = centres[r.nextInt(centres.length)];
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = c[d] + 0.06f * (float) r.nextGaussian();
            }
            normalize(v);
            return v;
        }

        private static void normalize(float[] v) {
            double s = 0;
            for (float x : v) {
                s += x * x;
            }
            float inv = (float) (1 / Math.sqrt(s));
            for (int d = 0; d < v.length; d++) {
                v[d] *= inv;
            }
        }
    }
}
