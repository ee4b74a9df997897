package dev.useboth.core.admin;

import dev.useboth.core.admin.AdminViews.Link;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.ui.ModelMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's pages for every registered model: list, detail, add, edit, delete, history and
 * actions. No model has a controller or template of its own. Every handler checks the
 * signed-in user's permission on the model before doing anything.
 */
@Controller
@RequestMapping("/admin")
class AdminController {

    // Slugs and ids never contain a dot, so /admin/admin.css stays a static file.
    private static final String SLUG = "/{slug:[a-z][a-z0-9-]*}";
    private static final String ID = "/{id:[\\w-]+}";
    private static final String DELETE = "delete";

    private final AdminRegistry registry;
    private final AdminEngine engine;
    private final AdminDashboard dashboard;

    AdminController(AdminRegistry registry, AdminEngine engine, AdminDashboard dashboard) {
        this.registry = registry;
        this.engine = engine;
        this.dashboard = dashboard;
    }

    /** The navigation and the signed-in user, on every page. */
    @ModelAttribute
    void common(ModelMap model, Authentication auth) {
        if (!AdminPermissions.mayEnter(auth)) {
            throw new AdminException.Forbidden("The admin is for staff only.");
        }
        model.addAttribute("me", auth.getName());
        model.addAttribute(
                "nav",
                registry.all().stream()
                        .filter(m -> AdminPermissions.may(auth, m, AdminPermission.VIEW))
                        .map(m -> new Link(capitalize(m.resource.plural()), "/admin/" + m.slug()))
                        .toList());
    }

    @GetMapping
    String dashboard(Authentication auth, Model model) {
        model.addAttribute("dashboard", dashboard.summary());
        model.addAttribute("usersLinked", viewable("users", auth));
        model.addAttribute("invoicesLinked", viewable("invoices", auth));
        return "admin/dashboard";
    }

    @GetMapping(SLUG)
    String list(
            @PathVariable("slug") String slug,
            @RequestParam MultiValueMap<String, String> params,
            Authentication auth,
            Model model) {
        AdminModel m = model(slug, auth, AdminPermission.VIEW);
        ListQuery query = ListQuery.from(params);
        model.addAttribute("resource", ResourceView.of(m, auth));
        model.addAttribute("list", engine.list(m, query));
        model.addAttribute("q", query.q());
        model.addAttribute("back", query.href("/admin/" + slug));
        model.addAttribute("searchable", !m.resource.searchFields().isEmpty());
        return "admin/list";
    }

    @GetMapping(SLUG + ID)
    String detail(@PathVariable("slug") String slug, @PathVariable("id") String id, Authentication auth, Model model) {
        AdminModel m = model(slug, auth, AdminPermission.VIEW);
        model.addAttribute("resource", ResourceView.of(m, auth));
        model.addAttribute("detail", engine.detail(m, id));
        return "admin/detail";
    }

    @GetMapping(SLUG + "/add")
    String addForm(@PathVariable("slug") String slug, Authentication auth, Model model) {
        AdminModel m = model(slug, auth, AdminPermission.ADD);
        return form(model, m, auth, null, engine.form(m, null, null, null), null, null);
    }

    @PostMapping(SLUG + "/add")
    ModelAndView add(
            @PathVariable("slug") String slug,
            @RequestParam MultiValueMap<String, String> params,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        AdminModel m = model(slug, auth, AdminPermission.ADD);
        try {
            String id = engine.save(m, null, params, auth);
            redirect.addFlashAttribute(
                    "message", "Added " + m.resource.singular() + " “" + engine.display(m, id) + "”.");
            return new ModelAndView("redirect:/admin/" + slug + "/" + id);
        } catch (AdminEngine.Rejection rejection) {
            String view = form(model, m, auth, null, engine.form(m, null, params, rejection), null, rejection);
            return new ModelAndView(view, model.asMap(), HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    @GetMapping(SLUG + ID + "/edit")
    String editForm(
            @PathVariable("slug") String slug, @PathVariable("id") String id, Authentication auth, Model model) {
        AdminModel m = editable(slug, auth);
        AdminEngine.FormState state = engine.form(m, id, null, null);
        return form(model, m, auth, id, state, state.version(), null);
    }

    @PostMapping(SLUG + ID + "/edit")
    ModelAndView edit(
            @PathVariable("slug") String slug,
            @PathVariable("id") String id,
            @RequestParam MultiValueMap<String, String> params,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        AdminModel m = editable(slug, auth);
        try {
            engine.save(m, id, params, auth);
            redirect.addFlashAttribute(
                    "message", "Saved " + m.resource.singular() + " “" + engine.display(m, id) + "”.");
            return new ModelAndView("redirect:/admin/" + slug + "/" + id);
        } catch (AdminEngine.Rejection rejection) {
            AdminEngine.FormState state = engine.form(m, id, params, rejection);
            // After a conflict the form carries the current version, so that saving again is a
            // deliberate overwrite; otherwise the version the user started from.
            String version = rejection.conflict() ? state.version() : params.getFirst("_version");
            String view = form(model, m, auth, id, state, version, rejection);
            return new ModelAndView(
                    view, model.asMap(), rejection.conflict() ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_CONTENT);
        }
    }

    @GetMapping(SLUG + ID + "/delete")
    String deleteConfirmation(
            @PathVariable("slug") String slug, @PathVariable("id") String id, Authentication auth, Model model) {
        AdminModel m = model(slug, auth, AdminPermission.DELETE);
        return confirmation(
                model, m, auth, DELETE, "Delete", engine.selected(m, List.of(id)), "/admin/" + slug + "/" + id);
    }

    @GetMapping(SLUG + ID + "/history")
    String history(@PathVariable("slug") String slug, @PathVariable("id") String id, Authentication auth, Model model) {
        AdminModel m = model(slug, auth, AdminPermission.VIEW);
        model.addAttribute("resource", ResourceView.of(m, auth));
        model.addAttribute("id", id);
        model.addAttribute("display", engine.display(m, id));
        model.addAttribute("history", engine.history(m, id));
        return "admin/history";
    }

    /** The first step of an action or a bulk deletion: what will happen to which objects. */
    @PostMapping(SLUG + "/actions")
    String confirmAction(
            @PathVariable("slug") String slug,
            @RequestParam(name = "action", defaultValue = "") String action,
            @RequestParam(name = "ids", defaultValue = "") List<String> ids,
            @RequestParam(name = "back", defaultValue = "") String back,
            Authentication auth,
            Model model,
            RedirectAttributes redirect) {
        AdminModel m = model(slug, auth, AdminPermission.VIEW);
        String label = authorize(m, auth, action);
        String returnTo = safeBack(slug, back);
        if (ids.isEmpty()) {
            redirect.addFlashAttribute("error", "Select at least one " + m.resource.singular() + " first.");
            return "redirect:" + returnTo;
        }
        return confirmation(model, m, auth, action, label, engine.selected(m, ids), returnTo);
    }

    @PostMapping(SLUG + "/actions/run")
    String runAction(
            @PathVariable("slug") String slug,
            @RequestParam(name = "action", defaultValue = "") String action,
            @RequestParam(name = "ids", defaultValue = "") List<String> ids,
            @RequestParam(name = "back", defaultValue = "") String back,
            Authentication auth,
            RedirectAttributes redirect) {
        AdminModel m = model(slug, auth, AdminPermission.VIEW);
        String label = authorize(m, auth, action);
        String returnTo = safeBack(slug, back);
        try {
            if (DELETE.equals(action)) {
                int n = engine.delete(m, ids, auth);
                redirect.addFlashAttribute(
                        "message", "Deleted " + n + " " + (n == 1 ? m.resource.singular() : m.resource.plural()) + ".");
                return "redirect:/admin/" + slug;
            }
            int n = engine.run(m, m.resource.action(action), ids, auth);
            redirect.addFlashAttribute(
                    "message",
                    label + ": done for " + n + " " + (n == 1 ? m.resource.singular() : m.resource.plural()) + ".");
        } catch (AdminEngine.ActionFailed e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + returnTo;
    }

    @ExceptionHandler(AdminException.class)
    ModelAndView refused(AdminException e, Principal principal) {
        ModelAndView page = new ModelAndView("admin/error", HttpStatus.valueOf(e.status()));
        if (principal instanceof Authentication auth && AdminPermissions.mayEnter(auth)) {
            common(page.getModelMap(), auth);
        }
        page.addObject("status", e.status());
        page.addObject("reason", e.getMessage());
        return page;
    }

    private boolean viewable(String slug, Authentication auth) {
        return registry.find(slug)
                .filter(m -> AdminPermissions.may(auth, m, AdminPermission.VIEW))
                .isPresent();
    }

    private AdminModel model(String slug, Authentication auth, AdminPermission permission) {
        AdminModel m = registry.find(slug).orElseThrow(() -> new AdminException.NotFound("No such page."));
        AdminPermissions.require(auth, m, permission);
        return m;
    }

    private AdminModel editable(String slug, Authentication auth) {
        AdminModel m = model(slug, auth, AdminPermission.CHANGE);
        if (!m.resource.hasForm()) {
            throw new AdminException.NotFound("A " + m.resource.singular() + " has no form to edit.");
        }
        return m;
    }

    /** Checks the permission the action needs and returns its label. */
    private static String authorize(AdminModel m, Authentication auth, String action) {
        if (DELETE.equals(action)) {
            AdminPermissions.require(auth, m, AdminPermission.DELETE);
            return "Delete";
        }
        AdminAction<?> declared = m.resource.action(action);
        if (declared == null) {
            throw new AdminException.NotFound("No such action.");
        }
        AdminPermissions.require(auth, m, declared.permission());
        return declared.label();
    }

    /** Only pages of this model's admin: no open redirect through the form. */
    private static String safeBack(String slug, String back) {
        String base = "/admin/" + slug;
        boolean ours = back.equals(base) || back.startsWith(base + "?") || back.startsWith(base + "/");
        return ours && !back.contains("//") && !back.contains("\\") ? back : base;
    }

    private String form(
            Model model,
            AdminModel m,
            Authentication auth,
            String id,
            AdminEngine.FormState state,
            String version,
            AdminEngine.Rejection rejection) {
        model.addAttribute("resource", ResourceView.of(m, auth));
        model.addAttribute("id", id);
        model.addAttribute("display", state.display());
        model.addAttribute("fields", state.fields());
        model.addAttribute("version", version);
        model.addAttribute("error", rejection == null ? null : rejection.getMessage());
        model.addAttribute("conflict", rejection != null && rejection.conflict());
        return "admin/form";
    }

    private String confirmation(
            Model model,
            AdminModel m,
            Authentication auth,
            String action,
            String label,
            List<AdminViews.Selected> selected,
            String back) {
        if (selected.isEmpty()) {
            throw new AdminException.NotFound("None of the selected " + m.resource.plural() + " exist any more.");
        }
        model.addAttribute("resource", ResourceView.of(m, auth));
        model.addAttribute("action", action);
        model.addAttribute("label", label);
        model.addAttribute("selected", selected);
        model.addAttribute("back", back);
        return "admin/confirm";
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** What the templates need to know about the model and the user's permissions on it. */
    record ResourceView(
            String slug,
            String singular,
            String plural,
            String title,
            boolean canAdd,
            boolean canChange,
            boolean canDelete,
            List<Link> actions) {

        static ResourceView of(AdminModel m, Authentication auth) {
            AdminResource<?> r = m.resource;
            List<Link> actions = r.actions().stream()
                    .filter(a -> AdminPermissions.may(auth, m, a.permission()))
                    .map(a -> new Link(a.label(), a.name()))
                    .toList();
            return new ResourceView(
                    r.slug(),
                    r.singular(),
                    r.plural(),
                    capitalize(r.plural()),
                    AdminPermissions.may(auth, m, AdminPermission.ADD),
                    r.hasForm() && AdminPermissions.may(auth, m, AdminPermission.CHANGE),
                    AdminPermissions.may(auth, m, AdminPermission.DELETE),
                    actions);
        }
    }
}
