{{- define "carbonq.name" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "carbonq.labels" -}}
app.kubernetes.io/name: carbonq
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "carbonq.selector" -}}
app.kubernetes.io/name: carbonq
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "carbonq.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "carbonq.name" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{- define "carbonq.jobNamespaces" -}}
{{- if .Values.jobNamespaces -}}{{ toJson .Values.jobNamespaces }}{{- else -}}{{ toJson (list (default .Release.Namespace .Values.config.executor.namespace)) }}{{- end -}}
{{- end -}}
