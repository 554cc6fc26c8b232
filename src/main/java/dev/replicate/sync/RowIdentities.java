package dev.replicate.sync;

import dev.replicate.source.Source;
import dev.replicate.source.SourceColumn;
import dev.replicate.sqlite.RowKeys;
import java.util.List;

/**
 * The identities of a keyless table's rows ({@link RowKeys}) as a run and a repair both make them: one
 * place, so that a row a repair writes and the same row a run re-reads get one identity, whatever the source
 * says of its columns (its single-precision ones, {@link Source#singlePrecision}).
 */
final class RowIdentities {
    private RowIdentities() {
    }

    /** @param watermarkColumn the watermark's column among {@code columns}; null for none */
    static RowKeys of(Source source, List<SourceColumn> columns, String watermarkColumn) {
        boolean[] singlePrecision = new boolean[columns.size()];
        for (int i = 0; i < singlePrecision.length; i++) {
            singlePrecision[i] = source.singlePrecision(columns.get(i));
        }
        return new RowKeys(columns.stream().map(SourceColumn::name).toList(), watermarkColumn, singlePrecision);
    }
}
