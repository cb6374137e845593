// Buttons that only work with JavaScript (passkeys) stay hidden without it.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-needs-js]').forEach(function (element) {
    element.hidden = false
  })
})
