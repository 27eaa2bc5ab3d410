// Forms marked data-confirm ask before they submit (destructive actions). From a file, not an
// inline handler: the Content-Security-Policy allows no inline script (SPEC 8).
document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
}, true);

// A checkbox with data-state="id" says in that element what it does, checked or not: the texts are
// in the element's data-on and data-off (the server writes the first one; this keeps it current).
document.addEventListener('change', function (event) {
    var box = event.target;
    var id = box && box.getAttribute && box.getAttribute('data-state');
    var state = id && document.getElementById(id);
    if (state) {
        state.textContent = box.checked ? state.getAttribute('data-on') : state.getAttribute('data-off');
    }
});
