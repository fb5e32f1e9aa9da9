package io.relance.contact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/** A person Relance may write to. Identified by the id the shop or CRM gives it. */
@Entity
@Table(name = "contact")
public class Contact {

    @Id
    private String id;
    private String email;
    private String phone;
    private String firstName;
    private String lastName;
    private LocalDate birthDate;
    private String locale;
    private String timeZone;

    @Column(name = "consent_email")
    private Boolean consentEmail;
    @Column(name = "consent_email_at")
    private Instant consentEmailAt;
    @Column(name = "consent_sms")
    private Boolean consentSms;
    @Column(name = "consent_sms_at")
    private Instant consentSmsAt;
    @Column(name = "consent_phone")
    private Boolean consentPhone;
    @Column(name = "consent_phone_at")
    private Instant consentPhoneAt;
    @Column(name = "consent_email_source")
    private String consentEmailSource;
    @Column(name = "consent_sms_source")
    private String consentSmsSource;
    @Column(name = "consent_phone_source")
    private String consentPhoneSource;

    /** Free segmentation attributes as a JSON object (plain values only). */
    private String attributes;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected Contact() {
    }

    public Contact(String id, Instant now) {
        this.id = id;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getPhone() {
        return phone;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public String getLocale() {
        return locale;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public String getAttributesJson() {
        return attributes;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void updateProfile(String email, String phone, String firstName, String lastName, LocalDate birthDate,
                       String locale, String timeZone, String attributesJson, Instant now) {
        this.email = email;
        this.phone = phone;
        this.firstName = firstName;
        this.lastName = lastName;
        this.birthDate = birthDate;
        this.locale = locale;
        this.timeZone = timeZone;
        this.attributes = attributesJson;
        this.updatedAt = now;
    }

    /** The consent on a channel, or null when the contact never answered. */
    public Consent consent(Channel channel) {
        return switch (channel) {
            case EMAIL -> consentEmail == null ? null : new Consent(consentEmail, consentEmailAt, consentEmailSource);
            case SMS -> consentSms == null ? null : new Consent(consentSms, consentSmsAt, consentSmsSource);
            case PHONE -> consentPhone == null ? null : new Consent(consentPhone, consentPhoneAt, consentPhoneSource);
        };
    }

    public boolean hasConsent(Channel channel) {
        Consent consent = consent(channel);
        return consent != null && consent.granted();
    }

    public Map<Channel, Consent> consents() {
        Map<Channel, Consent> all = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            Consent consent = consent(channel);
            if (consent != null) {
                all.put(channel, consent);
            }
        }
        return all;
    }

    /**
     * Records a consent answer and returns it as now held. The time of an unchanged answer is kept unless a new one
     * is given, so replaying the same profile does not move the date consent was given.
     */
    Consent recordConsent(Channel channel, boolean granted, Instant at, String source, Instant now) {
        Consent current = consent(channel);
        Instant when;
        if (at != null) {
            when = at;
        } else if (current != null && current.granted() == granted) {
            when = current.at();
        } else {
            when = now;
        }
        switch (channel) {
            case EMAIL -> {
                consentEmail = granted;
                consentEmailAt = when;
                consentEmailSource = source;
            }
            case SMS -> {
                consentSms = granted;
                consentSmsAt = when;
                consentSmsSource = source;
            }
            case PHONE -> {
                consentPhone = granted;
                consentPhoneAt = when;
                consentPhoneSource = source;
            }
        }
        this.updatedAt = now;
        return consent(channel);
    }
}
