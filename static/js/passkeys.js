/*
 * After a passkey was added on the security page, load the page again so that it lists
 * the new passkey (django-otp-webauthn's script only says it worked).
 */
(function () {
  "use strict";
  document.addEventListener("otp_webauthn.register_complete", function () {
    window.setTimeout(function () { window.location.reload(); }, 1500);
  });
})();
