// Passkey ceremonies of the hosted pages (issue 16). No inline script (CSP): a button carries the
// WebAuthn options the server made (data-options) and the form field that takes the answer
// (data-field); the answer goes back as PublicKeyCredential JSON (base64url fields) in that form.
(function () {
    'use strict';
    function toBuffer(value) {
        var s = value.replace(/-/g, '+').replace(/_/g, '/');
        while (s.length % 4) { s += '='; }
        var bin = atob(s), bytes = new Uint8Array(bin.length);
        for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
        return bytes.buffer;
    }
    function toBase64Url(buffer) {
        var bytes = new Uint8Array(buffer), s = '';
        for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
        return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }
    // The server's JSON may carry nulls for absent members; WebAuthn's dictionaries want them absent.
    function withoutNulls(value) {
        if (Array.isArray(value)) { return value.map(withoutNulls); }
        if (value && typeof value === 'object') {
            var out = {};
            Object.keys(value).forEach(function (k) { if (value[k] !== null) { out[k] = withoutNulls(value[k]); } });
            return out;
        }
        return value;
    }
    function publicKey(json, create) {
        var o = withoutNulls(JSON.parse(json));
        o.challenge = toBuffer(o.challenge);
        if (create) { o.user.id = toBuffer(o.user.id); }
        (o.excludeCredentials || []).concat(o.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
        return o;
    }
    function answer(credential) {
        var r = credential.response, out = {
            id: credential.id, rawId: toBase64Url(credential.rawId), type: credential.type,
            clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
            response: { clientDataJSON: toBase64Url(r.clientDataJSON) }
        };
        if (r.attestationObject) {
            out.response.attestationObject = toBase64Url(r.attestationObject);
            out.response.transports = r.getTransports ? r.getTransports() : [];
        } else {
            out.response.authenticatorData = toBase64Url(r.authenticatorData);
            out.response.signature = toBase64Url(r.signature);
            if (r.userHandle) { out.response.userHandle = toBase64Url(r.userHandle); }
        }
        return JSON.stringify(out);
    }
    function fail(button, message) {
        var box = document.getElementById('passkey-error');
        if (box) { box.textContent = message; box.hidden = false; }
        button.disabled = false;
    }
    function submit(form, field, credential) {
        form.elements[field].value = answer(credential);
        form.submit();
    }
    // The options are in data-options, or fetched from data-options-url (a sign-in's first factor: a fresh challenge each time).
    function optionsOf(element) {
        if (element.dataset.options) { return Promise.resolve(element.dataset.options); }
        return fetch(element.dataset.optionsUrl, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (r) { if (!r.ok) { throw new Error('options'); } return r.text(); });
    }
    var pending = null;
    document.querySelectorAll('[data-passkey]').forEach(function (button) {
        button.addEventListener('click', function (event) {
            event.preventDefault();
            if (!window.PublicKeyCredential) { fail(button, 'This browser cannot use passkeys.'); return; }
            var create = button.dataset.passkey === 'create';
            button.disabled = true;
            // A modal request replaces the autofill one.
            if (pending) { pending.abort(); pending = null; }
            optionsOf(button).then(function (json) {
                var options = { publicKey: publicKey(json, create) };
                return create ? navigator.credentials.create(options) : navigator.credentials.get(options);
            }).then(function (credential) { submit(button.form, button.dataset.field, credential); })
                .catch(function () { fail(button, 'The passkey was not used. Try again, or choose another way.'); });
        });
    });
    // Conditional UI: the browser offers the tenant's passkeys in the username field's autofill.
    var conditional = document.querySelector('[data-passkey-conditional]');
    if (conditional && window.PublicKeyCredential && PublicKeyCredential.isConditionalMediationAvailable) {
        PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
            if (!available) { return; }
            pending = new AbortController();
            var signal = pending.signal;
            return optionsOf(conditional).then(function (json) {
                return navigator.credentials.get({ mediation: 'conditional', signal: signal, publicKey: publicKey(json, false) });
            }).then(function (credential) { submit(conditional.form, conditional.dataset.field, credential); });
        }).catch(function () { /* dismissed or replaced: the other ways stay */ });
    }
})();
