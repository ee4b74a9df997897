package dev.useboth.core.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** The state of a list page as it travels in its URL: search, sort, page and filters. */
record ListQuery(String q, String sort, int page, Map<String, String> filters, boolean selectAll) {

    static final String FILTER_PREFIX = "f_";

    static ListQuery from(MultiValueMap<String, String> params) {
        Map<String, String> filters = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            if (name.startsWith(FILTER_PREFIX)
                    && !values.isEmpty()
                    && !values.getFirst().isBlank()) {
                filters.put(name.substring(FILTER_PREFIX.length()), values.getFirst());
            }
        });
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(params.getFirst("page")));
        } catch (NumberFormatException e) {
            // absent or not a number: the first page
        }
        String q = params.getFirst("q");
        return new ListQuery(
                q == null ? "" : q.strip(),
                params.getFirst("sort"),
                page,
                filters,
                "all".equals(params.getFirst("select")));
    }

    ListQuery withPage(int page) {
        return new ListQuery(q, sort, page, filters, false);
    }

    ListQuery withSort(String sort) {
        return new ListQuery(q, sort, 1, filters, false);
    }

    ListQuery withFilter(String field, String value) {
        Map<String, String> changed = new LinkedHashMap<>(filters);
        if (value == null) {
            changed.remove(field);
        } else {
            changed.put(field, value);
        }
        return new ListQuery(q, sort, 1, changed, false);
    }

    ListQuery withSelectAll() {
        return new ListQuery(q, sort, page, filters, true);
    }

    String href(String base) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(base);
        if (!q.isEmpty()) {
            uri.queryParam("q", q);
        }
        filters.forEach((field, value) -> uri.queryParam(FILTER_PREFIX + field, value));
        if (sort != null && !sort.isBlank()) {
            uri.queryParam("sort", sort);
        }
        if (page > 1) {
            uri.queryParam("page", page);
        }
        if (selectAll) {
            uri.queryParam("select", "all");
        }
        return uri.encode().build().toUriString();
    }
}
