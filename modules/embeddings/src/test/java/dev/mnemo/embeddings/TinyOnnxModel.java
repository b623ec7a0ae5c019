package dev.mnemo.embeddings;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tiny ONNX model by hand (protobuf wire format), shaped like nomic-embed or jina-v2 code: inputs
 * input_ids and attention_mask only, no token_type_ids. Its "hidden state" is known exactly:
 * last_hidden_state[b, t, :] = input_ids[b, t] * attention_mask[b, t] * WEIGHTS.
 */
final class TinyOnnxModel {

    static final float[] WEIGHTS = {1f, 2f, 3f, 4f};

    private TinyOnnxModel() {
    }

    static byte[] withoutTokenTypeIds() {
        Proto graph = new Proto()
                .message(1, node("Cast", "cast_ids", new String[] {"input_ids"}, "ids_f", castToFloat()))
                .message(1, node("Cast", "cast_mask", new String[] {"attention_mask"}, "mask_f", castToFloat()))
                .message(1, node("Mul", "mask", new String[] {"ids_f", "mask_f"}, "masked", null))
                .message(1, node("Unsqueeze", "unsqueeze", new String[] {"masked", "axes"}, "column", null))
                .message(1, node("Mul", "project", new String[] {"column", "W"}, "last_hidden_state", null))
                .string(2, "tiny")
                .message(5, floatTensor("W", WEIGHTS, 1, 1, WEIGHTS.length))
                .message(5, longTensor("axes", new long[] {2}, 1))
                .message(11, valueInfo("input_ids", 7, "batch", "seq"))
                .message(11, valueInfo("attention_mask", 7, "batch", "seq"))
                .message(12, valueInfo("last_hidden_state", 1, "batch", "seq", String.valueOf(WEIGHTS.length)));
        return new Proto()
                .varint(1, 8) // ir_version
                .string(2, "mnemo-test")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 13)) // opset 13: Unsqueeze takes axes as input
                .bytes();
    }

    private static Proto castToFloat() {
        return new Proto().string(1, "to").varint(3, 1).varint(20, 2); // i = FLOAT, type = INT
    }

    private static Proto node(String op, String name, String[] inputs, String output, Proto attribute) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        node.string(2, output).string(3, name).string(4, op);
        return attribute == null ? node : node.message(5, attribute);
    }

    private static Proto floatTensor(String name, float[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        Proto packed = new Proto();
        for (float v : values) {
            packed.fixed32(Float.floatToIntBits(v));
        }
        return t.varint(2, 1).raw(4, packed).string(8, name);
    }

    private static Proto longTensor(String name, long[] values, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        Proto packed = new Proto();
        for (long v : values) {
            packed.rawVarint(v);
        }
        return t.varint(2, 7).raw(7, packed).string(8, name);
    }

    /** A tensor value-info; a dimension that parses as a number is fixed, any other is symbolic. */
    private static Proto valueInfo(String name, int elemType, String... dims) {
        Proto shape = new Proto();
        for (String d : dims) {
            shape.message(1, d.chars().allMatch(Character::isDigit)
                    ? new Proto().varint(1, Long.parseLong(d))
                    : new Proto().string(2, d));
        }
        Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** Just enough of the protobuf wire format for the messages above. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            rawVarint((long) field << 3);
            return rawVarint(value);
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return raw(field, message.bytes());
        }

        Proto raw(int field, Proto packed) {
            return raw(field, packed.bytes());
        }

        Proto raw(int field, byte[] bytes) {
            rawVarint(((long) field << 3) | 2);
            rawVarint(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        Proto fixed32(int bits) {
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        Proto rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
