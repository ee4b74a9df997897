package dev.useboth.core.admin;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each registered {@link AdminResource} declares about permissions, for tests outside this
 * package (the authorization matrix expands the admin's generic routes per model with it).
 */
public final class AdminDeclarations {

    private AdminDeclarations() {}

    /**
     * One model's declaration.
     *
     * @param adminMay what an admin may do: everything the model supports
     * @param staffMay what staff may do: VIEW plus what {@code staffCan} grants, if supported
     * @param actions the declared actions and the permission each needs ({@code delete} included
     *     when the model supports DELETE, as the list page offers it)
     */
    public record Declared(
            String slug,
            Class<?> type,
            Set<AdminPermission> adminMay,
            Set<AdminPermission> staffMay,
            boolean hasForm,
            Map<String, AdminPermission> actions) {}

    public static List<Declared> of(List<AdminResource<?>> resources) {
        return resources.stream().map(AdminDeclarations::declared).toList();
    }

    private static Declared declared(AdminResource<?> resource) {
        Set<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
        Set<AdminPermission> staff = EnumSet.noneOf(AdminPermission.class);
        for (AdminPermission permission : AdminPermission.values()) {
            if (resource.supports(permission)) {
                admin.add(permission);
                if (resource.staffMay(permission)) {
                    staff.add(permission);
                }
            }
        }
        Map<String, AdminPermission> actions = new LinkedHashMap<>();
        actions.put("delete", AdminPermission.DELETE);
        resource.actions().forEach(action -> actions.put(action.name(), action.permission()));
        return new Declared(
                resource.slug(), resource.type(), Set.copyOf(admin), Set.copyOf(staff), resource.hasForm(), actions);
    }
}
