package dev.useboth.core.admin;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.hibernate.Hibernate;
import org.springframework.beans.BeanUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads and writes entity attributes by name: through the getter or setter when there is one
 * (so that an entity's own bookkeeping, such as touching {@code updatedAt}, still runs), else
 * through the field, as JPA itself does.
 */
final class Properties {

    private Properties() {}

    static Object get(Object bean, String path) {
        Object current = bean;
        for (String name : path.split("\\.")) {
            if (current == null) {
                return null;
            }
            current = getOne(Hibernate.unproxy(current), name);
        }
        return current;
    }

    static void set(Object bean, String name, Object value) {
        PropertyDescriptor pd = BeanUtils.getPropertyDescriptor(bean.getClass(), name);
        Method setter = pd == null ? null : pd.getWriteMethod();
        if (setter != null) {
            ReflectionUtils.makeAccessible(setter);
            ReflectionUtils.invokeMethod(setter, bean, value);
            return;
        }
        Field field = field(bean.getClass(), name);
        ReflectionUtils.makeAccessible(field);
        ReflectionUtils.setField(field, bean, value);
    }

    static Field field(Class<?> type, String name) {
        Field field = ReflectionUtils.findField(type, name);
        if (field == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no attribute " + name);
        }
        return field;
    }

    private static Object getOne(Object bean, String name) {
        PropertyDescriptor pd = BeanUtils.getPropertyDescriptor(bean.getClass(), name);
        Method getter = pd == null ? null : pd.getReadMethod();
        if (getter != null) {
            ReflectionUtils.makeAccessible(getter);
            return ReflectionUtils.invokeMethod(getter, bean);
        }
        Field field = field(bean.getClass(), name);
        ReflectionUtils.makeAccessible(field);
        return ReflectionUtils.getField(field, bean);
    }
}
