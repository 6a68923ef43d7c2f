// Photos from a phone (a 12 MP camera photo is 8–15 MB, above the upload limit): every form with data-photo-upload
// (我要举报, evidence on a finding, the 重要危险源 inspection, a hazard report's photo, the weekly report's items) makes
// its big photos smaller in the browser before upload — longest side 2048 px, JPEG — and shows the upload's
// progress. Documents (PDF, Office) and small photos go as they are; every field keeps its name and place. Without
// JavaScript, or with no photo to make smaller and at most 1.5 MB to upload, the browser posts the form itself.
//
// The form's options: data-max-photos="6" (at most that many files, counted when chosen); data-max-bytes="10485760"
// (the service's limit per file: a document or a photo still above it after shrinking is refused here, before a
// phone spends minutes sending what the service would refuse); data-landing="#id" (the section a successful post's
// redirect opens at, which the script cannot read from the redirect).
(function () {
  if (!window.FormData || !window.XMLHttpRequest || !window.HTMLCanvasElement || !window.Promise) return;
  var MAX_EDGE = 2048;
  var RESIZE_ABOVE = 1.5 * 1024 * 1024;
  var KEEP_TYPES = /^image\/(jpeg|png|webp)$/;

  Array.prototype.forEach.call(document.querySelectorAll('form[data-photo-upload]'), enable);

  function enable(form) {
    var maxPhotos = Number(form.getAttribute('data-max-photos')) || 0;
    var maxBytes = Number(form.getAttribute('data-max-bytes')) || 0;

    form.addEventListener('change', function (e) {
      if (e.target.type !== 'file') return;
      var files = chosenFiles(form);
      var tooBig = oversized(files.map(valueOf), maxBytes);
      if (tooBig) say(form, tooBig, null);
      else if (maxPhotos && files.length > maxPhotos)
        say(form, '最多 ' + maxPhotos + ' 张照片，请重新选择。', null);
      else if (maxPhotos && files.length) say(form, '已选择 ' + files.length + ' 张照片', 0);
      else if (form.querySelector('.upload-status')) statusOf(form).hidden = true;
    });

    form.addEventListener('submit', function (e) {
      if (e.defaultPrevented) return;
      var entries = formEntries(form, e.submitter);
      var files = entries.filter(isChosenFile);
      if (maxPhotos && files.length > maxPhotos) {
        e.preventDefault();
        return say(form, '最多 ' + maxPhotos + ' 张照片，请重新选择。', null);
      }
      var tooBig = oversized(files.map(valueOf), maxBytes);
      if (tooBig) {
        e.preventDefault();
        return say(form, tooBig, null);
      }
      var redraw = files.some(function (f) {
        return needsRedraw(f.value);
      });
      var bytes = files.reduce(function (n, f) {
        return n + f.value.size;
      }, 0);
      // No photo to make smaller and little to upload: the browser posts the form itself, as without JavaScript.
      if (!redraw && bytes <= RESIZE_ABOVE) return;
      e.preventDefault();
      var button = e.submitter || form.querySelector('button[type=submit], button:not([type])');
      if (button) button.disabled = true;
      say(form, redraw ? '正在处理照片…' : '正在上传…');
      // One photo at a time: a phone holding six decoded 12 MP photos at once may run out of memory.
      entries
        .reduce(function (done, entry) {
          return done.then(function () {
            if (!isChosenFile(entry)) return;
            return prepare(entry.value).then(function (file) {
              entry.value = file;
            });
          });
        }, Promise.resolve())
        .then(function () {
          // A photo the browser could not read, or one still too big once shrunk: said here, nothing sent.
          var stillTooBig = oversized(entries.filter(isChosenFile).map(valueOf), maxBytes, true);
          if (!stillTooBig) return send(form, button, entries);
          if (button) button.disabled = false;
          say(form, stillTooBig, null);
        });
    });
  }

  /** The form's fields in order, as the browser would post them (the pressed button included). */
  function formEntries(form, submitter) {
    var entries = [];
    new window.FormData(form, submitter || undefined).forEach(function (value, name) {
      entries.push({ name: name, value: value });
    });
    return entries;
  }

  function isChosenFile(entry) {
    return entry.value instanceof window.File && entry.value.size > 0;
  }

  function chosenFiles(form) {
    return formEntries(form).filter(isChosenFile);
  }

  function valueOf(entry) {
    return entry.value;
  }

  /**
   * The refusal for the first file above the limit, '' when none is. Before shrinking (`prepared` unset) only the
   * files that will go as they are (documents, photos kept as they are) are judged; after it, every file.
   */
  function oversized(files, maxBytes, prepared) {
    if (!maxBytes) return '';
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      if (f.size <= maxBytes || !(prepared || !needsRedraw(f))) continue;
      var said =
        '“' +
        f.name +
        '”有 ' +
        sizeOf(f.size, true) +
        '，超过单个文件 ' +
        sizeOf(maxBytes) +
        ' 的上限，未上传。';
      // Still a photo to shrink after shrinking: one the browser cannot read (HEIC, RAW), which no splitting helps.
      if (needsRedraw(f)) return said + '手机浏览器无法缩小这种格式的照片，请改用 JPG 照片。';
      return said + '请压缩或拆分后重新选择。';
    }
    return '';
  }

  /**
   * As the service writes a size (formatBytes): "10 MB", "512 KB". A file's own size is rounded up, so that one just
   * over a 10 MB limit does not read "10 MB".
   */
  function sizeOf(bytes, up) {
    var round = up ? Math.ceil : Math.round;
    if (bytes >= 1048576) return round((bytes / 1048576) * 10) / 10 + ' MB';
    return round((bytes / 1024) * 10) / 10 + ' KB';
  }

  function needsRedraw(file) {
    return /^image\//.test(file.type) && (file.size > RESIZE_ABOVE || !KEEP_TYPES.test(file.type));
  }

  /** The progress line: the form's own (.upload-status), else one put just before the submit button. */
  function statusOf(form) {
    var status = form.querySelector('.upload-status');
    if (status) return status;
    status = document.createElement('p');
    status.className = 'upload-status';
    status.setAttribute('role', 'status');
    status.innerHTML = '<progress max="100" value="0"></progress> <span class="upload-text"></span>';
    var button = form.querySelector('button[type=submit], button:not([type])');
    if (button) button.parentNode.insertBefore(status, button);
    else form.appendChild(status);
    return status;
  }

  /** The status line: progress (`value` a percentage, undefined while unknown), or a refusal (`value` null). */
  function say(form, text, value) {
    var status = statusOf(form);
    var bar = status.querySelector('progress');
    status.hidden = false;
    status.classList.toggle('refusal', value === null);
    status.querySelector('.upload-text').textContent = text;
    if (value === undefined) bar.removeAttribute('value');
    else bar.value = value;
  }

  // The picture's pixels (the page's content policy allows data: images, not blob: URLs).
  function loadImage(file) {
    if (window.createImageBitmap)
      return window.createImageBitmap(file).then(function (bitmap) {
        return { source: bitmap, width: bitmap.width, height: bitmap.height };
      });
    return new Promise(function (resolve, reject) {
      var reader = new window.FileReader();
      reader.onerror = reject;
      reader.onload = function () {
        var img = new window.Image();
        img.onload = function () {
          resolve({ source: img, width: img.naturalWidth, height: img.naturalHeight });
        };
        img.onerror = reject;
        img.src = reader.result;
      };
      reader.readAsDataURL(file);
    });
  }

  // A photo small enough and of a kind the service keeps goes as it is, and so does anything not an image; any other
  // image is redrawn smaller as JPEG.
  function prepare(file) {
    if (!needsRedraw(file)) return Promise.resolve(file);
    return loadImage(file).then(
      function (img) {
        var scale = Math.min(1, MAX_EDGE / Math.max(img.width, img.height));
        var canvas = document.createElement('canvas');
        canvas.width = Math.round(img.width * scale);
        canvas.height = Math.round(img.height * scale);
        var ctx = canvas.getContext('2d');
        ctx.fillStyle = '#fff'; // a transparent PNG's background, which JPEG has not: white, not black
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img.source, 0, 0, canvas.width, canvas.height);
        if (img.source.close) img.source.close();
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              // Not made smaller (same size, a kind the service keeps, and the JPEG no lighter): the original.
              if (!blob || (scale === 1 && KEEP_TYPES.test(file.type) && blob.size >= file.size))
                return resolve(file);
              var name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
              resolve(new window.File([blob], name, { type: 'image/jpeg' }));
            },
            'image/jpeg',
            0.85,
          );
        });
      },
      function () {
        return file; // the browser cannot read it: the service says what is wrong with it
      },
    );
  }

  function send(form, button, entries) {
    var data = new window.FormData();
    entries.forEach(function (entry) {
      if (entry.value instanceof window.File) data.append(entry.name, entry.value, entry.value.name);
      else data.append(entry.name, entry.value);
    });
    var xhr = new window.XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.round((ev.loaded / ev.total) * 100);
      say(form, '正在上传… ' + pct + '%', pct);
    };
    xhr.upload.onload = function () {
      say(form, '已上传，正在保存…', 100);
    };
    // The answer is the next page (after a redirect: the saved record; a refusal: the page with the form, its message
    // and field errors): shown as the browser would show it.
    xhr.onload = function () {
      var url = xhr.responseURL;
      var path = function (u) {
        return u.split('#')[0].split('?')[0];
      };
      // A refusal answers at the form's address: the page keeps its own, as before the post.
      if (url && path(url) !== path(form.action)) {
        // Back on this page (post/redirect/get): at the section the redirect names (the script cannot see it).
        var landing = form.getAttribute('data-landing');
        if (landing && path(url) === path(window.location.href)) url = url.split('#')[0] + landing;
        history.replaceState(null, '', url);
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (!window.location.hash) window.scrollTo(0, 0);
    };
    xhr.onerror = function () {
      if (button) button.disabled = false;
      var again = button ? '再点“' + button.textContent.trim() + '”' : '重新提交';
      say(form, '网络中断，未提交。请检查网络后' + again + '。', null);
    };
    xhr.send(data);
  }
})();
