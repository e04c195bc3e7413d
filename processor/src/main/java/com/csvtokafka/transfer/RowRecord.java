package com.csvtokafka.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The record of one row, with its headers in a plain array that the producer takes as it is. A ProducerRecord's
 * own {@code RecordHeaders} grows a list for the first header and copies it into a new array on every send: with
 * one header per row (the default {@code --headers row}) that was a tenth of what the reading thread allocated
 * (an allocation profile of the reading thread). The headers can change until the record is sent (the anchor is added to a
 * transaction's last record just before the commit), never after.
 */
final class RowRecord extends ProducerRecord<byte[], byte[]> {
    private final ArrayHeaders headers;

    RowRecord(String topic, int partition, byte[] key, byte[] value, ArrayHeaders headers) {
        super(topic, partition, key, value);
        this.headers = headers;
    }

    /** A record with its own timestamp (--timestamp column:NAME), in epoch milliseconds. */
    RowRecord(String topic, int partition, long timestamp, byte[] key, byte[] value, ArrayHeaders headers) {
        super(topic, partition, timestamp, key, value);
        this.headers = headers;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    /** Headers in an array of exactly their number, so {@link #toArray} hands out the array itself. */
    static final class ArrayHeaders implements Headers {
        private static final Header[] NONE = new Header[0];

        private Header[] all;

        /** @param headers taken as they are, not copied */
        ArrayHeaders(Header... headers) {
            this.all = headers.length == 0 ? NONE : headers;
        }

        @Override
        public Headers add(Header header) {
            Header[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = header;
            all = grown;
            return this;
        }

        @Override
        public Headers add(String key, byte[] value) {
            return add(new RecordHeader(key, value));
        }

        @Override
        public Headers remove(String key) {
            all = Arrays.stream(all).filter(h -> !h.key().equals(key)).toArray(Header[]::new);
            return this;
        }

        @Override
        public Header lastHeader(String key) {
            for (int i = all.length - 1; i >= 0; i--) {
                if (all[i].key().equals(key)) {
                    return all[i];
                }
            }
            return null;
        }

        @Override
        public Iterable<Header> headers(String key) {
            List<Header> matching = new ArrayList<>();
            for (Header h : all) {
                if (h.key().equals(key)) {
                    matching.add(h);
                }
            }
            return matching;
        }

        @Override
        public Header[] toArray() {
            return all;
        }

        /** Removing through the iterator is how an anchor replaces the position headers (AnchorCodec.writeAnchor). */
        @Override
        public Iterator<Header> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < all.length;
                }

                @Override
                public Header next() {
                    if (next >= all.length) {
                        throw new NoSuchElementException();
                    }
                    return all[next++];
                }

                @Override
                public void remove() {
                    Header[] fewer = new Header[all.length - 1];
                    System.arraycopy(all, 0, fewer, 0, next - 1);
                    System.arraycopy(all, next, fewer, next - 1, all.length - next);
                    all = fewer;
                    next--;
                }
            };
        }

        @Override
        public String toString() {
            return Arrays.toString(all);
        }
    }
}
