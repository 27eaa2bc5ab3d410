// Forms marked data-confirm ask before they submit (destructive actions). From a file, not an
// inline handler: the Content-Security-Policy allows no inline script (SPEC 8).
document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
}, true);
