package dev.useboth.core.admin;

import dev.useboth.core.admin.AdminViews.Cell;
import dev.useboth.core.admin.AdminViews.Change;
import dev.useboth.core.admin.AdminViews.Column;
import dev.useboth.core.admin.AdminViews.Detail;
import dev.useboth.core.admin.AdminViews.Entry;
import dev.useboth.core.admin.AdminViews.Filter;
import dev.useboth.core.admin.AdminViews.FilterOption;
import dev.useboth.core.admin.AdminViews.FormField;
import dev.useboth.core.admin.AdminViews.HiddenParam;
import dev.useboth.core.admin.AdminViews.HistoryItem;
import dev.useboth.core.admin.AdminViews.ListPage;
import dev.useboth.core.admin.AdminViews.Option;
import dev.useboth.core.admin.AdminViews.Row;
import dev.useboth.core.admin.AdminViews.Selected;
import dev.useboth.core.admin.FieldMeta.Kind;
import dev.useboth.core.common.ApiProblemException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.Hibernate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.ErrorResponse;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic engine behind every admin page: it knows no model, only the declarations in the
 * registry and the JPA metamodel. Every method returns view records built inside its
 * transaction, so that templates never touch a lazy association. Permission checks happen in
 * the controller before any of these run.
 */
@Service
class AdminEngine {

    static final int PAGE_SIZE = 25;
    private static final Logger log = LoggerFactory.getLogger(AdminEngine.class);
    private static final int MAX_FILTER_CHOICES = 50;

    private final EntityManager em;
    private final AdminRegistry registry;
    private final Validator validator;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    AdminEngine(EntityManager em, AdminRegistry registry, Validator validator, JdbcClient jdbc) {
        this.em = em;
        this.registry = registry;
        this.validator = validator;
        this.jdbc = jdbc;
    }

    // ---------------------------------------------------------------- list

    @Transactional(readOnly = true)
    ListPage list(AdminModel m, ListQuery query) {
        String base = "/admin/" + m.slug();
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<?> countRoot = count.from(m.resource.type());
        count.select(cb.count(countRoot)).where(where(cb, countRoot, m, query));
        long total = em.createQuery(count).getSingleResult();
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(query.page(), pages);

        CriteriaQuery<Object> select = cb.createQuery(Object.class);
        Root<?> root = select.from(m.resource.type());
        for (String column : m.resource.listColumns()) {
            if (m.field(column).kind() == Kind.RELATION && !column.contains(".")) {
                root.fetch(column, JoinType.LEFT);
            }
        }
        select.select(root).where(where(cb, root, m, query)).orderBy(orders(cb, root, m, query.sort()));
        List<Object> objects = em.createQuery(select)
                .setFirstResult((page - 1) * PAGE_SIZE)
                .setMaxResults(PAGE_SIZE)
                .getResultList();

        Locale locale = LocaleContextHolder.getLocale();
        List<Row> rows = new ArrayList<>();
        for (Object object : objects) {
            String id = idOf(m, object);
            List<Cell> cells = new ArrayList<>();
            boolean first = true;
            for (String column : m.resource.listColumns()) {
                Cell cell = cell(m, object, m.field(column), locale);
                cells.add(first ? new Cell(cell.text(), base + "/" + id) : cell);
                first = false;
            }
            rows.add(new Row(id, m.resource.display(object), cells));
        }

        List<Column> columns = new ArrayList<>();
        String current = query.sort() != null ? query.sort() : "";
        for (String column : m.resource.listColumns()) {
            FieldMeta field = m.field(column);
            if (!field.sortable()) {
                columns.add(new Column(field.label(), null, null));
                continue;
            }
            String state = current.equals(column) ? "ascending" : current.equals("-" + column) ? "descending" : null;
            String next = "ascending".equals(state) ? "-" + column : column;
            columns.add(new Column(field.label(), query.withSort(next).href(base), state));
        }

        List<HiddenParam> hidden = new ArrayList<>();
        if (!query.q().isEmpty()) {
            hidden.add(new HiddenParam("q", query.q()));
        }
        query.filters().forEach((f, v) -> hidden.add(new HiddenParam(ListQuery.FILTER_PREFIX + f, v)));
        if (query.sort() != null && !query.sort().isBlank()) {
            hidden.add(new HiddenParam("sort", query.sort()));
        }

        return new ListPage(
                columns,
                rows,
                total,
                page,
                pages,
                page > 1 ? query.withPage(page - 1).href(base) : null,
                page < pages ? query.withPage(page + 1).href(base) : null,
                filters(m, query, base),
                hidden,
                query.withPage(page).withSelectAll().href(base),
                query.selectAll());
    }

    private Predicate[] where(CriteriaBuilder cb, Root<?> root, AdminModel m, ListQuery query) {
        Map<String, From<?, ?>> joins = new HashMap<>();
        List<Predicate> predicates = new ArrayList<>();
        if (!query.q().isEmpty() && !m.resource.searchFields().isEmpty()) {
            for (String word : query.q().toLowerCase(Locale.ROOT).split("\\s+")) {
                List<Predicate> any = new ArrayList<>();
                for (String field : m.resource.searchFields()) {
                    Predicate p = matches(cb, path(root, joins, field), m.field(field), word);
                    if (p != null) {
                        any.add(p);
                    }
                }
                predicates.add(any.isEmpty() ? cb.disjunction() : cb.or(any.toArray(Predicate[]::new)));
            }
        }
        query.filters().forEach((name, value) -> {
            if (m.resource.filterFields().contains(name)) {
                Predicate p = filter(cb, root, joins, m.field(name), value);
                if (p != null) {
                    predicates.add(p);
                }
            }
        });
        return predicates.toArray(Predicate[]::new);
    }

    private static Predicate matches(CriteriaBuilder cb, Path<?> path, FieldMeta field, String word) {
        return switch (field.kind()) {
            case TEXT, CHOICE -> cb.like(cb.lower(path.as(String.class)), "%" + escapeLike(word) + "%", '\\');
            case UUID -> {
                Object id = Values.id(UUID.class, word);
                yield id == null ? null : cb.equal(path, id);
            }
            case INTEGER -> {
                try {
                    yield cb.equal(path, Values.narrow(field.javaType(), Long.parseLong(word)));
                } catch (RuntimeException e) {
                    yield null;
                }
            }
            case ENUM ->
                field.choices().stream()
                        .filter(c -> c.equalsIgnoreCase(word))
                        .findFirst()
                        .map(c -> cb.equal(path, Values.enumValue(field.javaType(), c)))
                        .orElse(null);
            default -> null;
        };
    }

    @SuppressWarnings("unchecked")
    private Predicate filter(
            CriteriaBuilder cb, Root<?> root, Map<String, From<?, ?>> joins, FieldMeta field, String value) {
        Path<?> path = path(root, joins, field.path());
        return switch (field.kind()) {
            case BOOLEAN ->
                "yes".equals(value)
                        ? cb.isTrue(path.as(Boolean.class))
                        : "no".equals(value) ? cb.isFalse(path.as(Boolean.class)) : null;
            case ENUM ->
                field.choices().contains(value) ? cb.equal(path, Values.enumValue(field.javaType(), value)) : null;
            case CHOICE, TEXT -> cb.equal(path, value);
            case INTEGER -> {
                try {
                    yield cb.equal(path, Values.narrow(field.javaType(), Long.parseLong(value)));
                } catch (RuntimeException e) {
                    yield null;
                }
            }
            case INSTANT -> {
                Instant start = Values.startOf(value);
                yield start == null
                        ? null
                        : field.javaType() == Instant.class
                                ? cb.greaterThanOrEqualTo((Expression<Instant>) path, start)
                                : cb.greaterThanOrEqualTo(
                                        (Expression<java.time.OffsetDateTime>) path,
                                        start.atOffset(java.time.ZoneOffset.UTC));
            }
            case RELATION -> {
                var target = em.getMetamodel().entity(field.target());
                Object id = Values.id(target.getIdType().getJavaType(), value);
                yield id == null
                        ? null
                        : cb.equal(
                                path.get(target.getId(target.getIdType().getJavaType())
                                        .getName()),
                                id);
            }
            case COLLECTION ->
                field.choices().contains(value)
                        ? cb.isMember(Values.enumValue(field.target(), value), (Expression<Collection<Object>>) path)
                        : null;
            default -> null;
        };
    }

    private List<Filter> filters(AdminModel m, ListQuery query, String base) {
        List<Filter> filters = new ArrayList<>();
        for (String name : m.resource.filterFields()) {
            FieldMeta field = m.field(name);
            String selected = query.filters().get(name);
            Map<String, String> choices = new LinkedHashMap<>();
            switch (field.kind()) {
                case BOOLEAN -> {
                    choices.put("yes", "Yes");
                    choices.put("no", "No");
                }
                case ENUM, CHOICE, COLLECTION -> field.choices().forEach(c -> choices.put(c, c));
                case INSTANT -> {
                    choices.put("today", "Today");
                    choices.put("7d", "Past 7 days");
                    choices.put("month", "This month");
                    choices.put("year", "This year");
                }
                case RELATION -> relationChoices(m, field).forEach(choices::put);
                default -> distinctValues(m, field).forEach(v -> choices.put(v, v));
            }
            List<FilterOption> options = new ArrayList<>();
            options.add(new FilterOption(
                    field.kind() == Kind.INSTANT ? "Any date" : "All",
                    query.withFilter(name, null).href(base),
                    selected == null));
            choices.forEach((value, label) -> options.add(
                    new FilterOption(label, query.withFilter(name, value).href(base), value.equals(selected))));
            filters.add(new Filter(field.label(), options));
        }
        return filters;
    }

    private Map<String, String> relationChoices(AdminModel m, FieldMeta field) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object> q = cb.createQuery(Object.class);
        Root<?> root = q.from(m.resource.type());
        Join<?, ?> join = root.join(field.path());
        q.select(join).distinct(true);
        Map<String, String> choices = new LinkedHashMap<>();
        for (Object target : em.createQuery(q).setMaxResults(MAX_FILTER_CHOICES).getResultList()) {
            Object id = em.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(target);
            String label = registry.forType(Hibernate.getClass(target))
                    .map(t -> t.resource.display(target))
                    .orElse(String.valueOf(id));
            choices.put(String.valueOf(id), label);
        }
        return choices;
    }

    private List<String> distinctValues(AdminModel m, FieldMeta field) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Object> q = cb.createQuery(Object.class);
        Root<?> root = q.from(m.resource.type());
        Path<?> path = path(root, new HashMap<>(), field.path());
        q.select(path).distinct(true).where(cb.isNotNull(path)).orderBy(cb.asc(path));
        return em.createQuery(q).setMaxResults(MAX_FILTER_CHOICES).getResultList().stream()
                .map(String::valueOf)
                .toList();
    }

    private List<Order> orders(CriteriaBuilder cb, Root<?> root, AdminModel m, String sort) {
        List<String> ordering = new ArrayList<>();
        if (sort != null) {
            String name = sort.startsWith("-") ? sort.substring(1) : sort;
            if (m.resource.listColumns().contains(name) && m.field(name).sortable()) {
                ordering.add(sort);
            }
        }
        ordering.addAll(m.resource.ordering());
        ordering.add(m.idAttribute);
        Map<String, From<?, ?>> joins = new HashMap<>();
        List<Order> orders = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String o : ordering) {
            boolean desc = o.startsWith("-");
            String name = desc ? o.substring(1) : o;
            if (seen.contains(name)) {
                continue;
            }
            seen.add(name);
            Path<?> path = path(root, joins, name);
            orders.add(desc ? cb.desc(path) : cb.asc(path));
        }
        return orders;
    }

    /** A path through left joins, so that a null association does not hide the row. */
    private static Path<?> path(Root<?> root, Map<String, From<?, ?>> joins, String dotted) {
        String[] segments = dotted.split("\\.");
        From<?, ?> from = root;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < segments.length - 1; i++) {
            key.append(segments[i]).append('.');
            From<?, ?> parent = from;
            String segment = segments[i];
            from = joins.computeIfAbsent(key.toString(), k -> parent.join(segment, JoinType.LEFT));
        }
        return from.get(segments[segments.length - 1]);
    }

    private static String escapeLike(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    // ---------------------------------------------------------------- one object

    @Transactional(readOnly = true)
    Detail detail(AdminModel m, String id) {
        Object object = load(m, id);
        Locale locale = LocaleContextHolder.getLocale();
        List<Entry> entries = new ArrayList<>();
        for (String name : m.resource.detailFields()) {
            FieldMeta field = m.field(name);
            Cell cell = cell(m, object, field, locale);
            entries.add(new Entry(field.label(), cell.text(), cell.href()));
        }
        return new Detail(id, m.resource.display(object), entries);
    }

    @Transactional(readOnly = true)
    String display(AdminModel m, String id) {
        return m.resource.display(load(m, id));
    }

    @Transactional(readOnly = true)
    List<Selected> selected(AdminModel m, List<String> ids) {
        List<Selected> selected = new ArrayList<>();
        for (String id : ids) {
            Object key = Values.id(m.idType, id);
            Object object = key == null ? null : em.find(m.resource.type(), key);
            if (object != null) {
                selected.add(new Selected(id, m.resource.display(object)));
            }
        }
        return selected;
    }

    /**
     * The fields of the add form ({@code id == null}) or the edit form, filled from the object
     * or, after a rejected submission, from what was submitted.
     */
    @Transactional(readOnly = true)
    FormState form(AdminModel m, String id, MultiValueMap<String, String> submitted, Rejection rejection) {
        Object object = id == null ? instantiate(m) : load(m, id);
        Locale locale = LocaleContextHolder.getLocale();
        Object currency = null;
        List<FormField> fields = new ArrayList<>();
        for (String name : m.resource.formFields()) {
            FieldMeta field = m.field(name);
            Object value = Properties.get(object, name);
            Object valueCurrency = field.currencyField() == null ? null : Properties.get(object, field.currencyField());
            boolean editable = id == null || !m.resource.isCreateOnly(name);
            if (!editable) {
                fields.add(readOnlyField(field, Values.text(field, value, valueCurrency, locale)));
                continue;
            }
            String shown = Values.input(field, value, valueCurrency);
            List<String> chosen = value instanceof Collection<?> c
                    ? c.stream().map(String::valueOf).toList()
                    : List.of(shown);
            if (submitted != null) {
                List<String> values = submitted.getOrDefault(name, List.of());
                chosen = values;
                shown = values.isEmpty() ? "" : values.getFirst();
            }
            String error = rejection == null ? null : rejection.fieldErrors().get(name);
            String conflict = null;
            if (rejection != null && rejection.conflict() && submitted != null) {
                String now = field.kind() == Kind.BOOLEAN
                        ? String.valueOf(value)
                        : Values.input(field, value, valueCurrency);
                String mine = field.kind() == Kind.BOOLEAN ? String.valueOf(chosen.contains("true")) : shown;
                if (field.kind() != Kind.COLLECTION && !Objects.equals(now, mine)) {
                    conflict = Values.text(field, value, valueCurrency, locale);
                }
            }
            fields.add(editableField(field, shown, chosen, error, conflict));
        }
        if (id != null) {
            for (String name : m.resource.readOnlyFields()) {
                FieldMeta field = m.field(name);
                fields.add(readOnlyField(field, cell(m, object, field, locale).text()));
            }
        }
        String version = m.versionAttribute == null || id == null
                ? null
                : String.valueOf(Properties.get(object, m.versionAttribute));
        return new FormState(fields, version, id == null ? null : m.resource.display(object));
    }

    record FormState(List<FormField> fields, String version, String display) {}

    private static FormField readOnlyField(FieldMeta field, String text) {
        return new FormField(
                field.path(),
                field.label(),
                "readonly",
                null,
                null,
                text,
                false,
                null,
                List.of(),
                field.options().help,
                null,
                null);
    }

    private static FormField editableField(
            FieldMeta field, String value, List<String> chosen, String error, String conflict) {
        String widget;
        List<Option> options = new ArrayList<>();
        switch (field.kind()) {
            case BOOLEAN -> widget = "checkbox";
            case ENUM, CHOICE -> {
                widget = "select";
                if (!field.required()) {
                    options.add(new Option("", "—", value.isEmpty()));
                }
                field.choices().forEach(c -> options.add(new Option(c, c, c.equals(value))));
            }
            case COLLECTION -> {
                widget = "checkboxes";
                field.choices().forEach(c -> options.add(new Option(c, c, chosen.contains(c))));
            }
            default -> widget = "input";
        }
        String label = field.label();
        String help = field.options().help;
        if (field.kind() == Kind.MONEY && help == null) {
            help = "An amount in the plan's currency, e.g. 9.00.";
        }
        return new FormField(
                field.path(),
                label,
                widget,
                field.inputType(),
                field.inputMode(),
                field.kind() == Kind.BOOLEAN ? String.valueOf(chosen.contains("true")) : value,
                field.required() && field.kind() != Kind.BOOLEAN && field.kind() != Kind.COLLECTION,
                field.maxLength(),
                options,
                help,
                error,
                conflict);
    }

    // ---------------------------------------------------------------- writes

    /** Creates ({@code id == null}) or updates the object; returns its id. */
    @Transactional
    String save(AdminModel m, String id, MultiValueMap<String, String> params, Authentication actor) {
        Object object = id == null ? instantiate(m) : load(m, id);
        if (id != null && m.versionAttribute != null) {
            String submitted = params.getFirst("_version");
            Object current = Properties.get(object, m.versionAttribute);
            if (submitted == null || !submitted.equals(String.valueOf(current))) {
                throw Rejection.conflict(m);
            }
        }
        Map<String, String> before = id == null ? Map.of() : snapshot(m, object);

        Map<String, Object> parsed = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> editable = m.resource.formFields().stream()
                .filter(f -> id == null || !m.resource.isCreateOnly(f))
                .toList();
        // Money needs its currency: parse everything else first.
        List<String> order = new ArrayList<>(
                editable.stream().filter(f -> m.field(f).kind() != Kind.MONEY).toList());
        order.addAll(
                editable.stream().filter(f -> m.field(f).kind() == Kind.MONEY).toList());
        for (String name : order) {
            FieldMeta field = m.field(name);
            try {
                String currency = null;
                if (field.currencyField() != null) {
                    Object c = parsed.containsKey(field.currencyField())
                            ? parsed.get(field.currencyField())
                            : Properties.get(object, field.currencyField());
                    currency = c == null ? null : c.toString();
                }
                Object value = Values.parse(field, params.getOrDefault(name, List.of()), currency);
                if (value != null && !(value instanceof Collection<?>)) {
                    for (ConstraintViolation<?> v : validator.validateValue(rawType(m), name, value)) {
                        throw new Values.Rejected(v.getMessage());
                    }
                }
                parsed.put(name, value);
            } catch (Values.Rejected e) {
                errors.put(name, e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new Rejection(errors, "Please correct the errors below.", false);
        }
        parsed.forEach((name, value) -> assign(object, m.field(name), value));
        try {
            m.resource.check(object, actor.getName());
        } catch (RuntimeException e) {
            throw new Rejection(Map.of(), refusal(e), false);
        }
        try {
            if (id == null) {
                em.persist(object);
            }
            em.flush();
        } catch (OptimisticLockException e) {
            throw Rejection.conflict(m);
        } catch (PersistenceException e) {
            throw Rejection.refused(m, e);
        }
        String savedId = idOf(m, object);
        Map<String, String> after = snapshot(m, object);
        log(m, actor, savedId, object, id == null ? "create" : "change", null, diff(before, after));
        return savedId;
    }

    @Transactional
    int delete(AdminModel m, List<String> ids, Authentication actor) {
        int deleted = 0;
        for (String id : ids) {
            Object object = load(m, id);
            Map<String, String> before = snapshot(m, object);
            String display = m.resource.display(object);
            em.remove(object);
            try {
                em.flush();
            } catch (PersistenceException e) {
                throw new ActionFailed(
                        "“" + display + "” cannot be deleted: other records still refer to it. Nothing was deleted.");
            }
            Map<String, Change> changes = new LinkedHashMap<>();
            before.forEach((field, value) -> changes.put(field, new Change(field, value, null)));
            logEntry(m, actor, id, display, "delete", null, changes);
            deleted++;
        }
        return deleted;
    }

    @Transactional
    @SuppressWarnings({"unchecked", "rawtypes"})
    int run(AdminModel m, AdminAction action, List<String> ids, Authentication actor) {
        int done = 0;
        for (String id : ids) {
            Object object = load(m, id);
            Map<String, String> before = snapshot(m, object);
            try {
                action.handler().accept(object, actor.getName());
                em.flush();
                em.refresh(object);
            } catch (PersistenceException e) {
                throw new ActionFailed(
                        "“" + m.resource.display(object) + "” could not be changed. Nothing was changed.");
            } catch (RuntimeException e) {
                throw new ActionFailed("“" + m.resource.display(object) + "”: " + refusal(e) + " Nothing was changed.");
            }
            log(m, actor, id, object, "action", action.name(), diff(before, snapshot(m, object)));
            done++;
        }
        return done;
    }

    /**
     * What to tell the user when a module's service refuses an action: the detail of a problem
     * it meant for people ({@link ApiProblemException}, an {@link ErrorResponse}), the message of a broken rule
     * ({@code IllegalStateException}, {@code IllegalArgumentException}), never anything else.
     */
    private static String refusal(RuntimeException e) {
        if (e instanceof ApiProblemException problem && problem.getMessage() != null) {
            return problem.getMessage();
        }
        if (e instanceof ErrorResponse problem && problem.getBody().getDetail() != null) {
            return problem.getBody().getDetail();
        }
        if ((e instanceof IllegalStateException || e instanceof IllegalArgumentException) && e.getMessage() != null) {
            return e.getMessage();
        }
        log.warn("admin action failed", e);
        return "it could not be done.";
    }

    @Transactional(readOnly = true)
    List<HistoryItem> history(AdminModel m, String id) {
        load(m, id);
        List<AdminLogEntry> entries = em.createQuery(
                        "select e from AdminLogEntry e where e.resource = :resource and e.objectId = :id"
                                + " order by e.createdAt desc, e.id desc",
                        AdminLogEntry.class)
                .setParameter("resource", m.slug())
                .setParameter("id", id)
                .setMaxResults(200)
                .getResultList();
        List<HistoryItem> items = new ArrayList<>();
        for (AdminLogEntry e : entries) {
            Map<String, Map<String, String>> changes =
                    json.readValue(e.getChanges(), new TypeReference<LinkedHashMap<String, Map<String, String>>>() {});
            List<Change> list = new ArrayList<>();
            changes.forEach((field, c) -> list.add(new Change(field, c.get("before"), c.get("after"))));
            String what = switch (e.getAction()) {
                case "create" -> "Added";
                case "change" -> "Changed";
                case "delete" -> "Deleted";
                default -> "Action: " + e.getActionName();
            };
            items.add(new HistoryItem(Values.instant(e.getCreatedAt()), e.getActorEmail(), what, list));
        }
        return items;
    }

    // ---------------------------------------------------------------- helpers

    private Object load(AdminModel m, String id) {
        Object key = Values.id(m.idType, id);
        Object object = key == null ? null : em.find(m.resource.type(), key);
        if (object == null) {
            throw new AdminException.NotFound("No " + m.resource.singular() + " with id " + id + ".");
        }
        return object;
    }

    private static Object instantiate(AdminModel m) {
        try {
            var constructor = ReflectionUtils.accessibleConstructor(m.resource.type());
            return BeanUtils.instantiateClass(constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(m.resource.type() + " needs a no-argument constructor", e);
        }
    }

    private static Class<Object> rawType(AdminModel m) {
        @SuppressWarnings("unchecked")
        Class<Object> type = (Class<Object>) m.resource.type();
        return type;
    }

    @SuppressWarnings("unchecked")
    private static void assign(Object object, FieldMeta field, Object value) {
        if (field.kind() == Kind.COLLECTION) {
            // Keep the managed collection (JPA tracks it); replace its elements.
            var f = Properties.field(object.getClass(), field.path());
            ReflectionUtils.makeAccessible(f);
            Collection<Object> current = (Collection<Object>) ReflectionUtils.getField(f, object);
            current.clear();
            current.addAll((Collection<Object>) value);
            return;
        }
        Properties.set(object, field.path(), value);
    }

    private String idOf(AdminModel m, Object object) {
        return String.valueOf(Properties.get(object, m.idAttribute));
    }

    private Cell cell(AdminModel m, Object object, FieldMeta field, Locale locale) {
        Object value = Properties.get(object, field.path());
        if (field.kind() == Kind.RELATION && value != null) {
            Object related = Hibernate.unproxy(value);
            var target = registry.forType(Hibernate.getClass(related));
            if (target.isPresent()) {
                AdminModel t = target.get();
                return new Cell(t.resource.display(related), "/admin/" + t.slug() + "/" + idOf(t, related));
            }
            return new Cell(
                    String.valueOf(em.getEntityManagerFactory()
                            .getPersistenceUnitUtil()
                            .getIdentifier(related)),
                    null);
        }
        if (field.options().references != null && value != null) {
            var target = registry.find(field.options().references);
            Object related = target.map(t -> em.find(t.resource.type(), value)).orElse(null);
            if (related != null) {
                AdminModel t = target.get();
                return new Cell(t.resource.display(related), "/admin/" + t.slug() + "/" + value);
            }
        }
        Object currency = field.currencyField() == null ? null : Properties.get(object, field.currencyField());
        String text = Values.text(field, value, currency, locale);
        if (field.kind() == Kind.OTHER && text.length() > 2000) {
            text = text.substring(0, 2000) + "…";
        }
        return new Cell(text, null);
    }

    /** Display text of every detail field: what the history records before and after. */
    private Map<String, String> snapshot(AdminModel m, Object object) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : m.resource.detailFields()) {
            // One fixed locale: the history is read by everyone, whatever their browser says.
            values.put(name, cell(m, object, m.field(name), Locale.ENGLISH).text());
        }
        return values;
    }

    private static Map<String, Change> diff(Map<String, String> before, Map<String, String> after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        after.forEach((field, value) -> {
            String old = before.get(field);
            if (!Objects.equals(old, value)) {
                changes.put(field, new Change(field, old, value));
            }
        });
        return changes;
    }

    private void log(
            AdminModel m,
            Authentication actor,
            String id,
            Object object,
            String action,
            String name,
            Map<String, Change> changes) {
        logEntry(m, actor, id, m.resource.display(object), action, name, changes);
    }

    private void logEntry(
            AdminModel m,
            Authentication actor,
            String id,
            String display,
            String action,
            String name,
            Map<String, Change> changes) {
        Map<String, Map<String, String>> body = new LinkedHashMap<>();
        changes.forEach((field, c) -> {
            Map<String, String> pair = new LinkedHashMap<>();
            pair.put("before", c.before());
            pair.put("after", c.after());
            body.put(m.field(field).label(), pair);
        });
        String email = actor.getName();
        em.persist(new AdminLogEntry(
                actorId(email), email, m.slug(), id, display, action, name, json.writeValueAsString(body)));
        em.flush();
    }

    /** The signed-in user's id, if they are a user in the database (kept even if renamed). */
    private UUID actorId(String name) {
        return jdbc.sql("select id from users where email = ?")
                .param(name.toLowerCase(Locale.ROOT))
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    /** A submission the form must show again, with a message beside each field. */
    static final class Rejection extends RuntimeException {
        private final Map<String, String> fieldErrors;
        private final boolean conflict;

        Rejection(Map<String, String> fieldErrors, String message, boolean conflict) {
            super(message, null, false, false);
            this.fieldErrors = fieldErrors;
            this.conflict = conflict;
        }

        static Rejection conflict(AdminModel m) {
            return new Rejection(
                    Map.of(),
                    "Someone else changed this " + m.resource.singular()
                            + " while you were editing it. Nothing was saved. Their values are shown beside your"
                            + " changes: review them and save again.",
                    true);
        }

        static Rejection refused(AdminModel m, PersistenceException e) {
            String constraint = constraintName(e);
            Map<String, String> errors = new LinkedHashMap<>();
            if (constraint != null) {
                for (String field : m.resource.formFields()) {
                    String column = field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
                    if (constraint.contains(column)) {
                        errors.put(
                                field,
                                constraint.endsWith("_key")
                                        ? "This value is already taken."
                                        : "This value is not accepted.");
                        break;
                    }
                }
            }
            return new Rejection(
                    errors, "The database refused this " + m.resource.singular() + ". Check the values below.", false);
        }

        private static String constraintName(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.hibernate.exception.ConstraintViolationException c) {
                    return c.getConstraintName();
                }
            }
            return null;
        }

        Map<String, String> fieldErrors() {
            return fieldErrors;
        }

        boolean conflict() {
            return conflict;
        }
    }

    /** An action or deletion that was refused as a whole (the transaction rolled back). */
    static final class ActionFailed extends RuntimeException {
        ActionFailed(String message) {
            super(message, null, false, false);
        }
    }
}
