package dev.useboth.core.admin;

import java.util.List;

/** What the templates render: plain strings worked out inside the transaction. */
final class AdminViews {

    private AdminViews() {}

    record Link(String label, String href) {}

    record Column(String label, String sortHref, String sortState) {}

    record Cell(String text, String href) {}

    record Row(String id, String display, List<Cell> cells) {}

    record FilterOption(String label, String href, boolean selected) {}

    record Filter(String label, List<FilterOption> options) {}

    record ListPage(
            List<Column> columns,
            List<Row> rows,
            long total,
            int page,
            int pages,
            String previousHref,
            String nextHref,
            List<Filter> filters,
            List<HiddenParam> hiddenParams,
            String selectAllHref,
            boolean allSelected) {}

    record HiddenParam(String name, String value) {}

    record Entry(String label, String text, String href) {}

    record Detail(String id, String display, List<Entry> entries) {}

    record Option(String value, String label, boolean selected) {}

    record FormField(
            String name,
            String label,
            String widget,
            String inputType,
            String inputMode,
            String value,
            boolean required,
            Integer maxLength,
            List<Option> options,
            String help,
            String error,
            String conflict) {

        public String id() {
            return "field-" + name;
        }
    }

    record Change(String field, String before, String after) {}

    record HistoryItem(String when, String who, String action, List<Change> changes) {}

    record Selected(String id, String display) {}
}
