// The code page's resend button: counts down the cooldown, then enables itself (SPEC 4.1).
(function () {
    var button = document.getElementById('resend');
    if (!button) { return; }
    var wait = parseInt(button.dataset.wait || '0', 10);
    if (wait <= 0) { return; }
    var timer = setInterval(function () {
        wait -= 1;
        if (wait <= 0) { clearInterval(timer); button.disabled = false; button.textContent = 'Resend code'; }
        else { button.textContent = 'Resend code in ' + wait + ' s'; }
    }, 1000);
})();
