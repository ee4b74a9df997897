package dev.useboth.core.admin;

import dev.useboth.core.admin.FieldMeta.Kind;
import jakarta.persistence.Column;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A registered resource with what the JPA metamodel says about its fields. */
final class AdminModel {

    final AdminResource<?> resource;
    final String idAttribute;
    final Class<?> idType;
    final String versionAttribute;
    private final Map<String, FieldMeta> fields = new LinkedHashMap<>();

    AdminModel(AdminResource<?> resource, Metamodel metamodel) {
        this.resource = resource;
        EntityType<?> entity;
        try {
            entity = metamodel.entity(resource.type());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "admin '" + resource.slug() + "': " + resource.type().getName() + " is not a JPA entity", e);
        }
        SingularAttribute<?, ?> id = entity.getId(entity.getIdType().getJavaType());
        this.idAttribute = id.getName();
        this.idType = id.getJavaType();
        this.versionAttribute = entity.hasVersionAttribute()
                ? entity.getSingularAttributes().stream()
                        .filter(SingularAttribute::isVersion)
                        .findFirst()
                        .map(Attribute::getName)
                        .orElse(null)
                : null;
        Set<String> all = new LinkedHashSet<>(resource.detailFields());
        all.add(idAttribute);
        all.addAll(resource.searchFields());
        all.addAll(resource.filterFields());
        resource.ordering().forEach(o -> all.add(o.startsWith("-") ? o.substring(1) : o));
        for (String path : all) {
            fields.put(path, describe(resource, metamodel, entity, path));
        }
        for (String path : resource.formFields()) {
            Kind kind = fields.get(path).kind();
            boolean enumSet =
                    kind == Kind.COLLECTION && !fields.get(path).choices().isEmpty();
            if (kind == Kind.RELATION
                    || kind == Kind.OTHER
                    || (kind == Kind.COLLECTION && !enumSet)
                    || path.contains(".")) {
                throw new IllegalStateException(
                        "admin '" + resource.slug() + "': " + path + " cannot be a form field (" + kind + ")");
            }
        }
    }

    String slug() {
        return resource.slug();
    }

    FieldMeta field(String path) {
        FieldMeta meta = fields.get(path);
        if (meta == null) {
            throw new IllegalArgumentException("not a declared field: " + path);
        }
        return meta;
    }

    boolean hasField(String path) {
        return fields.containsKey(path);
    }

    private static FieldMeta describe(
            AdminResource<?> resource, Metamodel metamodel, EntityType<?> entity, String path) {
        ManagedType<?> owner = entity;
        Attribute<?, ?> attribute = null;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            try {
                attribute = owner.getAttribute(segments[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "admin '" + resource.slug() + "': " + resource.type().getSimpleName() + " has no attribute "
                                + path,
                        e);
            }
            if (i < segments.length - 1) {
                if (!attribute.isAssociation() || attribute.isCollection()) {
                    throw new IllegalStateException(
                            "admin '" + resource.slug() + "': " + path + " does not follow a to-one association");
                }
                owner = metamodel.managedType(attribute.getJavaType());
            }
        }
        Class<?> type = attribute.getJavaType();
        FieldOptions options = resource.options(path);
        String currency = resource.currencyOf(path);
        Kind kind;
        List<String> choices = List.of();
        Class<?> target = null;
        if (currency != null) {
            kind = Kind.MONEY;
        } else if (attribute instanceof PluralAttribute<?, ?, ?> plural) {
            kind = Kind.COLLECTION;
            Class<?> element = plural.getElementType().getJavaType();
            target = element;
            if (element.isEnum()) {
                choices = enumNames(element);
            }
        } else if (attribute.isAssociation()) {
            kind = Kind.RELATION;
            target = type;
        } else if (type.isEnum()) {
            kind = Kind.ENUM;
            choices = enumNames(type);
        } else if (type == String.class) {
            kind = options.choices != null ? Kind.CHOICE : Kind.TEXT;
            choices = options.choices != null ? options.choices : List.of();
        } else if (type == boolean.class || type == Boolean.class) {
            kind = Kind.BOOLEAN;
        } else if (type == long.class
                || type == Long.class
                || type == int.class
                || type == Integer.class
                || type == short.class
                || type == Short.class) {
            kind = Kind.INTEGER;
        } else if (type == BigDecimal.class) {
            kind = Kind.DECIMAL;
        } else if (type == Instant.class || type == OffsetDateTime.class) {
            kind = Kind.INSTANT;
        } else if (type == LocalDate.class) {
            kind = Kind.DATE;
        } else if (type == UUID.class) {
            kind = Kind.UUID;
        } else {
            kind = Kind.OTHER;
        }
        boolean required = type.isPrimitive();
        Integer maxLength = null;
        if (segments.length == 1) {
            Field field = Properties.field(resource.type(), path);
            Column column = field.getAnnotation(Column.class);
            if (column != null) {
                required |= !column.nullable();
                if (type == String.class) {
                    maxLength = column.length();
                }
            }
        }
        if (options.required != null) {
            required = options.required;
        }
        String label = options.label != null ? options.label : Labels.humanize(path);
        if (kind == Kind.MONEY) {
            label = options.label != null ? options.label : Labels.humanize(path.replaceAll("Minor$", ""));
        }
        return new FieldMeta(path, label, kind, type, required, maxLength, choices, target, currency, options);
    }

    private static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name())
                .toList();
    }
}
