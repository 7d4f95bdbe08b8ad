// Refreshes a broadcast's progress while it goes out. The page works without it (reload shows the same).
(function () {
  'use strict';
  var bar = document.getElementById('broadcast-progress');
  if (!bar) return;
  var count = document.getElementById('broadcast-count');
  var status = document.getElementById('broadcast-status');
  var results = document.getElementById('broadcast-results');
  var channels = ['telegram', 'messenger', 'web'];

  function refresh() {
    fetch(bar.getAttribute('data-report'), { credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (report) {
        if (!report) return;
        bar.max = Math.max(1, report.progress.total);
        bar.value = report.progress.done;
        count.textContent = report.progress.done + ' / ' + report.progress.total;
        status.textContent = report.statusLabel;
        var rows = results.tBodies[0].rows;
        channels.forEach(function (channel, i) {
          var r = report.channels[channel];
          rows[i].cells[1].textContent = r.sent;
          rows[i].cells[5].textContent = r.failed;
          rows[i].cells[6].textContent = r.pending;
        });
        if (report.broadcast.status === 'sending' || report.broadcast.status === 'scheduled')
          window.setTimeout(refresh, 2000);
        else if (report.progress.open === 0)
          window.setTimeout(function () {
            window.location.reload();
          }, 300);
      })
      .catch(function () {
        window.setTimeout(refresh, 5000);
      });
  }
  if (status && (status.textContent || '').length && bar.value < bar.max) window.setTimeout(refresh, 1000);
})();
