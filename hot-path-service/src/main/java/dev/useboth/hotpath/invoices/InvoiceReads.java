package dev.useboth.hotpath.invoices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Plain JDBC on {@code read_api.invoice_summaries}, newest first, by keyset: the page after a
 * cursor costs the same at page 1 and page 1000 (the index is {@code (user_id, created_at desc, id desc)}).
 */
public final class InvoiceReads {

    private static final String COLUMNS = "select id, number, status, currency, total_minor, period_start, period_end,"
            + " issued_at, due_at, paid_at, created_at from read_api.invoice_summaries";
    static final String FIRST_PAGE = COLUMNS + " where user_id = ? order by created_at desc, id desc limit ?";
    static final String NEXT_PAGE =
            COLUMNS + " where user_id = ? and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?";

    private final DataSource dataSource;

    public InvoiceReads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    InvoicePageResponse page(UUID userId, InvoiceCursor after, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(after == null ? FIRST_PAGE : NEXT_PAGE)) {
            int i = 1;
            ps.setObject(i++, userId);
            if (after != null) {
                ps.setObject(i++, OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
                ps.setObject(i++, after.id());
            }
            // One more than asked: whether it exists tells whether there is a next page.
            ps.setInt(i, limit + 1);
            List<InvoiceSummary> items = new ArrayList<>(limit + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new InvoiceSummary(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            instant(rs, 6),
                            instant(rs, 7),
                            instant(rs, 8),
                            instant(rs, 9),
                            instant(rs, 10),
                            instant(rs, 11)));
                }
            }
            if (items.size() <= limit) {
                return new InvoicePageResponse(items, null);
            }
            items.removeLast();
            InvoiceSummary last = items.getLast();
            return new InvoicePageResponse(items, new InvoiceCursor(last.createdAt(), last.id()).encode());
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
