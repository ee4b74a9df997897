package dev.useboth.core.admin;

import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Every {@link AdminResource} bean, checked once at start-up against the JPA metamodel: a
 * declaration naming an attribute that does not exist, a sensitive field or a duplicate slug
 * stops the application rather than a page later.
 */
@Component
class AdminRegistry {

    private final Map<String, AdminModel> bySlug = new LinkedHashMap<>();
    private final Map<Class<?>, AdminModel> byType = new LinkedHashMap<>();

    AdminRegistry(List<AdminResource<?>> resources, EntityManagerFactory emf) {
        resources.stream()
                .sorted(java.util.Comparator.comparing(AdminResource::plural))
                .forEach(resource -> {
                    AdminModel model = new AdminModel(resource, emf.getMetamodel());
                    if (bySlug.putIfAbsent(resource.slug(), model) != null) {
                        throw new IllegalStateException("two admin resources use the slug " + resource.slug());
                    }
                    byType.putIfAbsent(resource.type(), model);
                });
    }

    Optional<AdminModel> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    Optional<AdminModel> forType(Class<?> type) {
        return Optional.ofNullable(byType.get(type));
    }

    Collection<AdminModel> all() {
        return bySlug.values();
    }
}
