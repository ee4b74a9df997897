package dev.useboth.core.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One model in the admin, declared as data beside the model (like Django's {@code ModelAdmin}):
 * its list columns, search fields, filters, default ordering, form fields, read-only fields and
 * actions, and what staff may do with it. Publish it as a bean; the admin picks up every
 * {@code AdminResource} bean and builds its list, detail, form, delete and history pages.
 *
 * <pre>{@code
 * @Bean
 * AdminResource<Plan> planResource() {
 *     return AdminResource.of(Plan.class)
 *             .list("code", "name", "priceMinor", "active")
 *             .search("code", "name")
 *             .filters("active", "billingInterval")
 *             .form("name", "priceMinor", "trialDays", "active")
 *             .build();
 * }
 * }</pre>
 *
 * Field names are the entity's JPA attribute names ({@code plan.code} follows an association);
 * the registry checks each of them at start-up. Fields whose name starts with {@code password}
 * are refused everywhere: they can never be listed, searched, filtered, shown or edited.
 */
public final class AdminResource<T> {

    private static final Pattern SENSITIVE = Pattern.compile("(?i)(^|.*\\.)password.*");
    private static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]*");

    private final Class<T> type;
    private final String slug;
    private final String singular;
    private final String plural;
    private final List<String> list;
    private final List<String> search;
    private final List<String> filters;
    private final List<String> ordering;
    private final List<String> form;
    private final Set<String> createOnly;
    private final List<String> readOnly;
    private final Map<String, FieldOptions> options;
    private final Map<String, String> money;
    private final List<AdminAction<T>> actions;
    private final Set<AdminPermission> staff;
    private final Set<AdminPermission> disabled;
    private final Function<T, String> display;
    private final BiConsumer<T, String> check;

    private AdminResource(Builder<T> b) {
        this.type = b.type;
        this.slug = b.slug;
        this.singular = b.singular;
        this.plural = b.plural;
        this.list = List.copyOf(b.list);
        this.search = List.copyOf(b.search);
        this.filters = List.copyOf(b.filters);
        this.ordering = List.copyOf(b.ordering);
        this.form = List.copyOf(b.form);
        this.createOnly = Set.copyOf(b.createOnly);
        this.readOnly = List.copyOf(b.readOnly);
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
        this.money = Map.copyOf(b.money);
        this.actions = List.copyOf(b.actions);
        this.staff = Collections.unmodifiableSet(EnumSet.copyOf(b.staff));
        this.disabled = b.disabled.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.disabled));
        this.display = b.display;
        this.check = b.check;
    }

    public static <T> Builder<T> of(Class<T> type) {
        return new Builder<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public String slug() {
        return slug;
    }

    public String singular() {
        return singular;
    }

    public String plural() {
        return plural;
    }

    List<String> listColumns() {
        return list;
    }

    List<String> searchFields() {
        return search;
    }

    List<String> filterFields() {
        return filters;
    }

    List<String> ordering() {
        return ordering;
    }

    List<String> formFields() {
        return form;
    }

    boolean hasForm() {
        return !form.isEmpty();
    }

    boolean isCreateOnly(String field) {
        return createOnly.contains(field);
    }

    List<String> readOnlyFields() {
        return readOnly;
    }

    /** Every field the detail page and the history show, in declaration order. */
    List<String> detailFields() {
        Set<String> all = new LinkedHashSet<>(list);
        all.addAll(form);
        all.addAll(readOnly);
        return List.copyOf(all);
    }

    FieldOptions options(String field) {
        return options.getOrDefault(field, new FieldOptions());
    }

    /** The currency attribute of a money amount field, or null when the field is not money. */
    String currencyOf(String field) {
        return money.get(field);
    }

    List<AdminAction<T>> actions() {
        return actions;
    }

    AdminAction<T> action(String name) {
        return actions.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** Whether the model supports the operation at all (a history is never changed). */
    boolean supports(AdminPermission permission) {
        return !disabled.contains(permission);
    }

    /** What staff may do; admins may do everything the model supports. */
    boolean staffMay(AdminPermission permission) {
        return permission == AdminPermission.VIEW || staff.contains(permission);
    }

    /** Runs the declaration's rule on an object about to be saved through a form. */
    void check(Object object, String actor) {
        check.accept(type.cast(object), actor);
    }

    String display(Object object) {
        return display.apply(type.cast(object));
    }

    static boolean isSensitive(String field) {
        return SENSITIVE.matcher(field).matches();
    }

    /** Builds an {@link AdminResource}; every method may be called in any order. */
    public static final class Builder<T> {

        private final Class<T> type;
        private String slug;
        private String singular;
        private String plural;
        private List<String> list = List.of("id");
        private List<String> search = List.of();
        private List<String> filters = List.of();
        private List<String> ordering = List.of();
        private List<String> form = List.of();
        private final Set<String> createOnly = new LinkedHashSet<>();
        private List<String> readOnly = List.of();
        private final Map<String, FieldOptions> options = new LinkedHashMap<>();
        private final Map<String, String> money = new LinkedHashMap<>();
        private final List<AdminAction<T>> actions = new ArrayList<>();
        private final Set<AdminPermission> staff = EnumSet.of(AdminPermission.VIEW);
        private final Set<AdminPermission> disabled = EnumSet.noneOf(AdminPermission.class);
        private Function<T, String> display = String::valueOf;
        private BiConsumer<T, String> check = (object, actor) -> {};

        private Builder(Class<T> type) {
            this.type = type;
            String simple = type.getSimpleName();
            this.singular = Labels.humanize(simple).toLowerCase(Locale.ROOT);
            this.plural = singular + "s";
            this.slug = plural.replace(' ', '-');
        }

        /** The URL segment, {@code /admin/<slug>} (default: the plural of the class name). */
        public Builder<T> slug(String slug) {
            this.slug = slug;
            return this;
        }

        /** How people call one and many of it ("plan", "plans"). */
        public Builder<T> names(String singular, String plural) {
            this.singular = singular;
            this.plural = plural;
            return this;
        }

        /** The list page's columns; the first links to the object. */
        public Builder<T> list(String... fields) {
            this.list = List.of(fields);
            return this;
        }

        /** Fields the search box looks in: text contains the words, ids and numbers match exactly. */
        public Builder<T> search(String... fields) {
            this.search = List.of(fields);
            return this;
        }

        /** Side-bar filters: booleans, enums, choices, dates (today, 7 days, month, year), relations. */
        public Builder<T> filters(String... fields) {
            this.filters = List.of(fields);
            return this;
        }

        /** Default ordering, e.g. {@code "-createdAt"} for newest first. */
        public Builder<T> ordering(String... fields) {
            this.ordering = List.of(fields);
            return this;
        }

        /** Editable fields on the add and edit forms. Without any, there is no add or edit page. */
        public Builder<T> form(String... fields) {
            this.form = List.of(fields);
            return this;
        }

        /** Form fields that may be set when adding but are read-only afterwards (codes, currencies). */
        public Builder<T> createOnly(String... fields) {
            this.createOnly.addAll(List.of(fields));
            return this;
        }

        /** Fields shown on the detail and edit pages but never edited. */
        public Builder<T> readOnly(String... fields) {
            this.readOnly = List.of(fields);
            return this;
        }

        public Builder<T> field(String field, Consumer<FieldOptions> customize) {
            customize.accept(options.computeIfAbsent(field, f -> new FieldOptions()));
            return this;
        }

        /**
         * Marks a {@code long} amount in minor units as money in the currency held by another
         * attribute: shown as "€9.00", entered as "9.00".
         */
        public Builder<T> money(String amountField, String currencyField) {
            this.money.put(amountField, currencyField);
            return this;
        }

        /** What staff (not only admins) may do besides viewing. */
        public Builder<T> staffCan(AdminPermission... permissions) {
            this.staff.addAll(List.of(permissions));
            return this;
        }

        /** Operations nobody may do here, e.g. adding invoices by hand. */
        public Builder<T> disable(AdminPermission... permissions) {
            this.disabled.addAll(List.of(permissions));
            return this;
        }

        /** A model nobody changes through the admin (events, the history). */
        public Builder<T> readOnlyModel() {
            return disable(AdminPermission.ADD, AdminPermission.CHANGE, AdminPermission.DELETE);
        }

        /** An action on selected objects, e.g. {@code plan -> plans.retire(plan.getId())}. */
        public Builder<T> action(String name, String label, AdminPermission permission, Consumer<T> handler) {
            return action(name, label, permission, (T object, String actor) -> handler.accept(object));
        }

        /**
         * An action that needs to know who runs it, e.g.
         * {@code (invoice, actor) -> invoices.markPaid(invoice.getId(), actor)}.
         */
        public Builder<T> action(String name, String label, AdminPermission permission, BiConsumer<T, String> handler) {
            this.actions.add(new AdminAction<>(name, label, permission, handler));
            return this;
        }

        /**
         * A rule every form save must pass, given the object with the submitted values and the
         * actor's email: throw {@code IllegalStateException} or {@code IllegalArgumentException}
         * with a message for the user to refuse it (e.g. an admin removing their own ADMIN role).
         */
        public Builder<T> check(BiConsumer<T, String> check) {
            this.check = check;
            return this;
        }

        /** How one object is named in titles, confirmations and the history (default toString). */
        public Builder<T> display(Function<T, String> display) {
            this.display = display;
            return this;
        }

        public AdminResource<T> build() {
            if (slug == null || !SLUG.matcher(slug).matches()) {
                throw new IllegalArgumentException("admin slug must be lower-case kebab case: " + slug);
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException(slug + ": declare at least one list column");
            }
            List<String> all = new ArrayList<>(list);
            all.addAll(search);
            all.addAll(filters);
            all.addAll(form);
            all.addAll(readOnly);
            all.addAll(createOnly);
            all.addAll(options.keySet());
            ordering.forEach(o -> all.add(o.startsWith("-") ? o.substring(1) : o));
            for (String field : all) {
                if (isSensitive(field)) {
                    throw new IllegalArgumentException(
                            slug + ": '" + field + "' is sensitive and can never be listed, searched or edited");
                }
            }
            if (!form.containsAll(createOnly)) {
                throw new IllegalArgumentException(slug + ": create-only fields must be form fields too");
            }
            if (form.isEmpty()) {
                // Nothing to fill in; actions may still change objects.
                disabled.add(AdminPermission.ADD);
            }
            return new AdminResource<>(this);
        }
    }
}
