package dev.useboth.core.auth;

import dev.useboth.core.common.AppProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The account emails, each a text and an HTML part rendered from {@code mail/<name>.txt|.html}.
 * Sent after the transaction that asked for them commits, off the request thread: a slow or absent
 * SMTP server neither slows nor fails the request, and answer times do not tell whether an address
 * has an account. A failed send is logged; the user can ask again.
 */
@Component
class AuthMailer {

    private static final Logger log = LoggerFactory.getLogger(AuthMailer.class);

    /** An email to send once the current transaction commits. */
    record Mail(String to, String subject, String template, Map<String, Object> variables) {}

    private final JavaMailSender sender;
    private final AppProperties app;
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    AuthMailer(JavaMailSender sender, AppProperties app) {
        this.sender = sender;
        this.app = app;
        // Its own engine, away from the MVC views: mail templates are never served as pages.
        templates.addTemplateResolver(resolver(".txt", TemplateMode.TEXT, 1));
        templates.addTemplateResolver(resolver(".html", TemplateMode.HTML, 2));
    }

    @Async
    @TransactionalEventListener(fallbackExecution = true)
    void send(Mail mail) {
        try {
            Context context = new Context(Locale.ENGLISH, mail.variables());
            context.setVariable("appUrl", app.publicUrl().toString());
            String text = templates.process(mail.template() + ".txt", context);
            String html = templates.process(mail.template() + ".html", context);
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(app.mailFrom());
            helper.setTo(mail.to());
            helper.setSubject(mail.subject());
            helper.setText(text, html);
            sender.send(message);
        } catch (MailException | MessagingException e) {
            log.error("Could not send the {} email: {}", mail.template(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Could not send the {} email", mail.template(), e);
        }
    }

    private static ClassLoaderTemplateResolver resolver(String suffix, TemplateMode mode, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(suffix);
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }
}
