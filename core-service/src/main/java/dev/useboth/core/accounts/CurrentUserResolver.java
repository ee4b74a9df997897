package dev.useboth.core.accounts;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Fills {@link CurrentUser} parameters from the security context (a JWT or a session). */
class CurrentUserResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(CurrentUser.class);
    }

    @Override
    public CurrentUser resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object principal = authentication == null ? null : authentication.getPrincipal();
        if (principal instanceof Jwt jwt) {
            return fromJwt(jwt);
        }
        if (principal instanceof AccountPrincipal account) {
            return account.toCurrentUser();
        }
        throw new AuthenticationCredentialsNotFoundException("No signed-in user");
    }

    static CurrentUser fromJwt(Jwt jwt) {
        List<String> roleNames = jwt.getClaimAsStringList("roles");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames != null) {
            for (String name : roleNames) {
                for (Role role : Role.values()) {
                    if (role.name().equals(name)) {
                        roles.add(role);
                    }
                }
            }
        }
        String scope = jwt.getClaimAsString("scope");
        Set<String> scopes = scope == null || scope.isBlank()
                ? Set.of()
                : Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toUnmodifiableSet());
        return new CurrentUser(UUID.fromString(jwt.getSubject()), Set.copyOf(roles), scopes);
    }
}
